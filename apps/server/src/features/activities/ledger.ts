import {
  AlignmentType,
  Bookmark,
  Document,
  Footer,
  HeadingLevel,
  InternalHyperlink,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IRunOptions,
} from 'docx';
import { htmlToContent } from 'docx/html';
import { activityStatuses, activityTypes, attendanceStatuses } from '@xianfeng/shared';
import type { activityDto } from './activities.service.ts';

/**
 * The ledger (组织生活台账) of one organisation and year as a Word document: a cover, a list of the
 * records (each entry links to its record), then one record per page with everything inspectors
 * check. Built from the same detail DTO as the console, so quorum and results are never recomputed.
 */
export type LedgerRecord = Awaited<ReturnType<typeof activityDto>> & {
  hostName: string | null;
  recorderName: string | null;
  lecturer: string | null;
};
export type LedgerData = { orgName: string; year: number; exportedOn: Date; includeUnapproved: boolean; records: LedgerRecord[] };

// 宋体 for text and 黑体 for headings, as official documents use; Latin text in Times New Roman / Arial.
const SONG = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体', cs: 'Times New Roman' };
const HEI = { ascii: 'Arial', hAnsi: 'Arial', eastAsia: '黑体', cs: 'Arial' };
// Sizes in half-points: 小初 36pt, 二号 22pt, 三号 16pt, 四号 14pt, 小四 12pt, 五号 10.5pt.
const SIZE = { xiaochu: 72, er: 44, san: 32, si: 28, xiaosi: 24, wu: 21 };
// A4 with the margins of GB/T 9704 (official documents; GW-1 in docs/RULES.md): 37/35/28/26 mm.
const PAGE = { width: 11906, height: 16838, top: 2098, bottom: 1984, left: 1587, right: 1474 };
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;

const beijing = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', ...options });
const dayFormat = beijing({ year: 'numeric', month: 'long', day: 'numeric' });
const monthDayFormat = beijing({ month: 'long', day: 'numeric' });
const timeFormat = beijing({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
// Lists of names go by the strokes of the surname (按姓氏笔画为序), as official name lists do.
const byStrokes = new Intl.Collator('zh-u-co-stroke');
const day = (d: Date | string) => dayFormat.format(new Date(d));
const time = (d: Date | string) => timeFormat.format(new Date(d));

/** Characters XML 1.0 cannot carry are dropped rather than making the file unreadable. */
const clean = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
const run = (text: string, options: Omit<IRunOptions, 'text'> = {}) => new TextRun({ text: clean(text), ...options });
const para = (text: string, options: { bold?: boolean; alignment?: (typeof AlignmentType)[keyof typeof AlignmentType]; color?: string } = {}) =>
  new Paragraph({ alignment: options.alignment, children: [run(text, { bold: options.bold, color: options.color })] });
/** Multi-line plain text: one paragraph a line. */
const lines = (text: string | null | undefined) => (text?.trim() ? text.trim().split(/\r?\n/).map((l) => para(l)) : [para('—')]);
const h2 = (text: string) => new Paragraph({ heading: HeadingLevel.HEADING_2, children: [run(text)] });

function cell(content: string | Paragraph[], width: number, options: { header?: boolean; span?: number } = {}) {
  return new TableCell({
    children: typeof content === 'string' ? [para(content, { bold: options.header, alignment: options.header ? AlignmentType.CENTER : undefined })] : content,
    width: { size: width, type: WidthType.DXA },
    columnSpan: options.span,
    verticalAlign: VerticalAlignTable.CENTER,
    shading: options.header ? { type: ShadingType.CLEAR, fill: 'EDEDED', color: 'auto' } : undefined,
  });
}

/** A table across the text width; the first row is the header when `header` is given. */
function table(widths: number[], rows: (string | Paragraph[])[][], header?: string[]) {
  const scale = TEXT_WIDTH / widths.reduce((a, b) => a + b, 0);
  const w = widths.map((x) => Math.floor(x * scale));
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: w,
    layout: TableLayoutType.FIXED,
    rows: [
      ...(header ? [new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, w[i], { header: true })) })] : []),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, w[i], { header: !header && i === 0 })) })),
    ],
  });
}

const typesOf = (r: LedgerRecord) => r.types.map((t) => activityTypes.label(t)).join('、');
/** 补录: records brought in from paper ledgers say so wherever they are listed. */
const backfillMark = (r: LedgerRecord) => (r.backfill ? '【补录】' : '');
const unapprovedMark = (r: LedgerRecord) => (r.status === 'approved' ? '' : `（未审核通过：${activityStatuses.label(r.status)}）`);
const bookmarkOf = (seq: number) => `record_${seq}`;

function cover(data: LedgerData) {
  const line = (text: string, size: number, font = HEI, before = 0) =>
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before, after: 240 }, children: [run(text, { size, font })] });
  return [
    line(data.orgName, SIZE.er, HEI, 2400),
    line(`${data.year}年度`, SIZE.san),
    line('组织生活台账', SIZE.xiaochu, HEI, 600),
    line(`导出日期：${day(data.exportedOn)}`, SIZE.si, SONG, 3000),
    line(`收录记录：${data.records.length} 条`, SIZE.si, SONG),
    line(data.includeUnapproved ? '本台账含尚未审核通过的记录，已在目录和正文中逐条标注。' : '本台账收录经上级党组织审核通过的记录。', SIZE.xiaosi, SONG, 600),
  ];
}

/** The list of records: a plain table (a Word TOC field shows nothing in WPS or LibreOffice until updated). */
function contents(data: LedgerData) {
  const title = new Paragraph({ heading: HeadingLevel.HEADING_1, children: [run('目　录')] });
  if (!data.records.length) return [title, para('本年度暂无记录。', { alignment: AlignmentType.CENTER })];
  const rows = data.records.map((r, i) => [
    String(i + 1),
    monthDayFormat.format(new Date(r.startsAt)),
    typesOf(r),
    [new Paragraph({ children: [new InternalHyperlink({ anchor: bookmarkOf(i + 1), children: [run(`${r.title}${backfillMark(r)}${unapprovedMark(r)}`)] })] })],
  ]);
  return [title, table([8, 16, 26, 50], rows, ['序号', '日期', '类型', '标题'])];
}

function basics(r: LedgerRecord) {
  const rows: (string | Paragraph[])[][] = [
    ['组织', r.orgName],
    ['类型', typesOf(r)],
    ['时间', `${day(r.startsAt)} ${time(r.startsAt)}—${time(r.endsAt)}`],
    ['地点', r.place ?? '—'],
    ['主持人', r.hostName ?? '—'],
    ['记录人', r.recorderName ?? '—'],
  ];
  if (r.lecturer) rows.push(['授课人', `${r.lecturer}${r.lecturerIsSecretary ? '（书记讲党课）' : ''}`]);
  rows.push(['第一议题', lines(r.firstTopic)], ['会议议程', lines(r.agenda)], ['记录状态', activityStatuses.label(r.status)]);
  if (r.backfill) rows.push(['补录', `据原有台账补录：${r.backfill.importedBy}于${day(r.backfill.importedAt)}导入`]);
  return table([18, 82], rows);
}

function attendance(r: LedgerRecord) {
  const s = r.attendanceSummary;
  const dual = (x: LedgerRecord['attendance'][number]) => (x.dualLife ? '（双重组织生活）' : '');
  const names = (kind: string, status?: string) =>
    r.attendance
      .filter((x) => x.kind === kind && (!status || x.status === status))
      .sort((a, b) => byStrokes.compare(a.memberName, b.memberName))
      .map((x) => `${x.memberName}${dual(x)}${x.status === 'leave' && x.reason ? `（${x.reason}）` : ''}${kind === 'invited' && x.status !== 'present' ? `（${attendanceStatuses.label(x.status)}）` : ''}`)
      .join('、') || '—';
  const rows = [
    ['应到', `${s.expected}`, s.votersExpected ? `其中有表决权的正式党员 ${s.votersExpected} 名` : '—'],
    ['实到', `${s.present}`, names('expected', 'present')],
    ['请假', `${s.leave}`, names('expected', 'leave')],
    ['缺席', `${s.absent}`, names('expected', 'absent')],
    ['列席', `${s.invited}`, names('invited')],
  ];
  const out: (Paragraph | Table)[] = [h2('出勤情况'), table([14, 10, 76], rows, ['类别', '人数', '名单'])];
  if (r.attendance.some((x) => x.dualLife)) out.push(para('注：标“（双重组织生活）”者为以普通党员身份参加本次组织生活的党员领导干部。'));
  return out;
}

function votes(r: LedgerRecord) {
  if (!r.votes.length) return [];
  const s = r.attendanceSummary;
  const quorum = s.votersPresent * 2 > s.votersExpected;
  const intro = `有表决权的党员应到 ${s.votersExpected} 名、实到 ${s.votersPresent} 名，${quorum ? '超过半数，可以表决' : '未超过半数，表决无效'}。`;
  const rows = r.votes.map((v) => [v.subject, String(v.yes), String(v.no), String(v.abstain), v.passed ? '通过' : '未通过']);
  return [h2('表决情况'), para(intro), table([44, 12, 12, 12, 20], rows, ['表决事项', '赞成', '反对', '弃权', '结果'])];
}

/** The minutes are sanitised editor HTML; docx's own converter keeps paragraphs, emphasis, lists and tables. */
function minutes(r: LedgerRecord) {
  const content = r.minutes?.trim() ? htmlToContent(clean(r.minutes), { styleMap: { h1: 'MinutesHeading1', h2: 'MinutesHeading2', h3: 'MinutesHeading3', h4: 'MinutesHeading4' } }) : [para('（未填写）')];
  return [h2('会议记录'), ...content];
}

function review(r: LedgerRecord) {
  const approval = r.status === 'approved' ? r.reviews.filter((x) => x.action === 'approve').at(-1) : undefined;
  if (!approval) return [h2('审核情况'), para(`尚未审核通过（当前状态：${activityStatuses.label(r.status)}）`, { bold: true, color: 'C00000' })];
  return [h2('审核情况'), para(`审核通过：${approval.by ?? '—'}，${day(approval.at)} ${time(approval.at)}`), para(`审核意见：${approval.comment || '无'}`)];
}

function attachments(r: LedgerRecord) {
  const size = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);
  const items = r.attachments.map((f, i) => para(`（${i + 1}）${f.fileName}（${size(f.size)}）`));
  return [h2('附件'), ...(items.length ? items : [para('无')])];
}

function record(r: LedgerRecord, seq: number): (Paragraph | Table)[] {
  const heading = new Paragraph({
    heading: HeadingLevel.HEADING_1,
    pageBreakBefore: true,
    children: [new Bookmark({ id: bookmarkOf(seq), children: [run(`${seq}. ${r.title}${backfillMark(r)}`)] })],
  });
  const mark = r.status === 'approved' ? [] : [para(`【未审核通过】本记录当前状态为“${activityStatuses.label(r.status)}”，内容以审核通过后为准。`, { bold: true, color: 'C00000', alignment: AlignmentType.CENTER })];
  const observer = r.observerComment?.trim() ? [h2('上级党组织列席指导意见'), ...lines(r.observerComment)] : [];
  return [heading, ...mark, basics(r), ...attendance(r), ...votes(r), ...minutes(r), ...observer, ...review(r), ...attachments(r)];
}

const minutesHeading = (level: number, size: number) => ({
  id: `MinutesHeading${level}`,
  name: `Minutes Heading ${level}`,
  basedOn: 'Normal',
  next: 'Normal',
  quickFormat: true,
  run: { font: HEI, size },
  paragraph: { spacing: { before: 120, after: 60 } },
});

export async function buildLedger(data: LedgerData): Promise<Buffer> {
  const page = { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right } };
  const footer = new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['第 ', PageNumber.CURRENT, ' 页'], size: SIZE.wu })] })] });
  const doc = new Document({
    creator: '先锋 机关党建平台',
    title: `${data.orgName}${data.year}年度组织生活台账`,
    styles: {
      default: {
        document: { run: { font: SONG, size: SIZE.xiaosi, language: { value: 'zh-CN', eastAsia: 'zh-CN' } }, paragraph: { spacing: { line: 360 } } },
        heading1: { run: { font: HEI, size: SIZE.san, color: '000000' }, paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 0, after: 360 } } },
        heading2: { run: { font: HEI, size: SIZE.si, color: '000000' }, paragraph: { spacing: { before: 240, after: 120 }, keepNext: true } },
      },
      paragraphStyles: [minutesHeading(1, SIZE.si), minutesHeading(2, 26), minutesHeading(3, SIZE.xiaosi), minutesHeading(4, SIZE.xiaosi)],
    },
    sections: [
      { properties: { page }, children: cover(data) },
      {
        properties: { page: { ...page, pageNumbers: { start: 1 } } },
        footers: { default: footer },
        children: [...contents(data), ...data.records.flatMap((r, i) => record(r, i + 1))],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
