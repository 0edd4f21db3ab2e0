import { Unzip, UnzipInflate, unzipSync } from 'fflate';

/**
 * Limits on an uploaded .xlsx, checked before any parsing (docs/SECURITY.md, "bounded input"): a
 * 24 MB file can inflate to gigabytes, and a parser asked to read it would hold the process.
 * - the sizes the archive declares (central directory): no byte is inflated;
 * - the sizes it really inflates to, streamed and counted, stopping at the limit (an archive can
 *   lie about its sizes), with the number of rows of its sheets.
 */
export type XlsxLimits = {
  /** Uncompressed bytes of all parts together. */
  maxUncompressedBytes: number;
  /** Rows of all worksheets together, the header rows included. */
  maxRows: number;
};

const MAX_ENTRIES = 500;
const MB = 1024 * 1024;

/** A refusal with the Chinese message for the user; plain data, so it crosses a worker boundary. */
export class XlsxRefused extends Error {}

const tooLarge = (bytes: number, limits: XlsxLimits) =>
  new XlsxRefused(`文件解压后过大（${bytes > limits.maxUncompressedBytes * 10 ? '远' : '约'}超过${Math.round(limits.maxUncompressedBytes / MB)}MB 的上限），请检查文件或拆分后分批导入`);

/** The declared sizes only: instant, whatever the file claims to hold. */
export function checkDeclaredSize(buffer: Uint8Array, limits: XlsxLimits) {
  const entries: { name: string; originalSize: number }[] = [];
  try {
    unzipSync(buffer, { filter: (f) => (entries.push({ name: f.name, originalSize: f.originalSize }), false) });
  } catch {
    throw new XlsxRefused('无法读取文件，请上传 .xlsx 格式的 Excel 文件');
  }
  if (!entries.some((e) => /^xl\/workbook\.xml$/.test(e.name))) throw new XlsxRefused('无法读取文件，请上传 .xlsx 格式的 Excel 文件');
  if (entries.length > MAX_ENTRIES) throw new XlsxRefused('文件结构异常（包含的部件过多），请用 Excel 另存为 .xlsx 后重新上传');
  const total = entries.reduce((s, e) => s + e.originalSize, 0);
  if (total > limits.maxUncompressedBytes) throw tooLarge(total, limits);
}

const ROW_TAG = [0x3c, 0x72, 0x6f, 0x77]; // "<row"

/** Counts "<row " / "<row>" in a stream of chunks, carrying a partial match across chunk edges. */
function rowCounter() {
  let carry = new Uint8Array(0);
  return (chunk: Uint8Array) => {
    const data = carry.length ? new Uint8Array([...carry, ...chunk]) : chunk;
    let n = 0;
    for (let i = 0; i + 4 < data.length; i++) {
      if (data[i] === 0x3c && data[i + 1] === ROW_TAG[1] && data[i + 2] === ROW_TAG[2] && data[i + 3] === ROW_TAG[3] && (data[i + 4] === 0x20 || data[i + 4] === 0x3e)) n++;
    }
    carry = data.slice(Math.max(0, data.length - 4));
    return n;
  };
}

/** Inflates every part as a stream, counting bytes and worksheet rows; stops at the first limit. */
export function checkActualSize(buffer: Uint8Array, limits: XlsxLimits) {
  let total = 0;
  let rows = 0;
  let problem: XlsxRefused | null = null;
  const unzip = new Unzip((file) => {
    if (problem) return;
    const countRows = /^xl\/worksheets\/[^/]+\.xml$/.test(file.name) ? rowCounter() : null;
    file.ondata = (err, chunk) => {
      if (problem) return;
      if (err) problem = new XlsxRefused('文件已损坏，无法读取');
      else {
        total += chunk.length;
        if (countRows) rows += countRows(chunk);
        if (total > limits.maxUncompressedBytes) problem = tooLarge(total, limits);
        else if (rows > limits.maxRows) problem = new XlsxRefused(`文件行数超过上限（一次最多${limits.maxRows - 1}行），请拆分后分批导入`);
      }
      if (problem) file.terminate();
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    unzip.push(buffer, true);
  } catch {
    problem ??= new XlsxRefused('文件已损坏，无法读取');
  }
  if (problem) throw problem;
}
