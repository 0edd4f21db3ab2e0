import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { apiLogin } from './support/api.ts';
import { failureShot, newPage, useBrowser, watchConsole } from './support/browser.ts';
import { loginToConsole, menuItem, pickInSelect, pickInTreeSelect } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();
const shots = process.env.E2E_SHOTS;

/** A Beijing wall-clock time `hours` from now, as the range picker shows it. */
const beijingText = (hours: number) => new Date(Date.now() + (8 + hours) * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

// 考试, the organiser's side, in the browser: the committee's admin creates an exam with the form
// (a pass mark above the paper's total refused in Chinese), publishes it; a member (arranged through
// the API, the phone page is another journey) hands in a short answer; the admin marks it in the 阅卷
// drawer and sees the result turn 已通过; the results download as Excel; a publish someone else
// already made is answered with the server's 409 in words.
describe('考试：新建并发布考试、阅卷、成绩与导出', () => {
  it('creates, publishes, marks a short answer, sees the result change and exports it', async () => {
    const admin = await apiLogin(baseURL, 'admin');
    const me = await admin.get<{ writableOrgs: { id: number; name: string }[] }>('/exam-questions?pageSize=1');
    const committee = me.writableOrgs[0];
    const judge = await admin.send<{ id: number }>('POST', '/exam-questions', { orgId: committee.id, type: 'judge', stem: 'E2E：党员应当按期交纳党费。', options: [], answer: ['true'], tags: [], difficulty: 'easy' });
    const short = await admin.send<{ id: number }>('POST', '/exam-questions', { orgId: committee.id, type: 'short', stem: 'E2E：简述党支部的基本任务。', options: [], answer: ['宣传和执行党的路线方针政策'], tags: [], difficulty: 'medium' });
    await admin.send('POST', '/exam-papers', { orgId: committee.id, title: 'E2E 党章测试卷', kind: 'fixed', questions: [{ questionId: judge.id, score: 5 }, { questionId: short.id, score: 10 }] });

    const { context, page } = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(page, 'exam-console'));
    const problems = watchConsole(page);
    await loginToConsole(page, 'admin');
    await menuItem(page, '考试').click();
    await page.getByRole('button', { name: /新建考试/ }).click();
    const dialog = page.getByRole('dialog', { name: '新建考试' });
    await pickInTreeSelect(page, 'exam-org', committee.name, committee.name);
    await pickInSelect(page, '试卷', 'E2E', 'E2E 党章测试卷');
    await dialog.getByText('试卷总分 15 分').waitFor();
    await dialog.getByLabel('考试名称').fill('E2E 党章知识测试');
    await dialog.getByPlaceholder('开始时间').click();
    await dialog.getByPlaceholder('开始时间').fill(beijingText(-1));
    await page.keyboard.press('Enter');
    await dialog.getByPlaceholder('截止时间').fill(beijingText(48));
    await page.keyboard.press('Enter');
    await dialog.getByLabel('及格分').fill('20');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('及格分不能高于试卷总分（15分）').waitFor();
    await dialog.getByLabel('及格分').fill('9');
    if (shots) await page.screenshot({ path: `${shots}/exam-form.png` });
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已新建考试（草稿），发布后党员方可作答').waitFor();
    const row = page.getByRole('row', { name: /E2E 党章知识测试/ });
    await row.getByText('草稿').waitFor();
    await row.getByRole('button', { name: /发\s*布/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: /发\s*布/ }).click();
    await row.getByText('已发布').waitFor();
    expect(await row.getByRole('button', { name: /修\s*改/ }).count()).toBe(0);
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    if (shots) await page.screenshot({ path: `${shots}/exam-list.png` });

    // The member hands in an answer (the phone page is another journey's).
    const member = await apiLogin(baseURL, 'member');
    const exams = await member.get<{ items: { id: number; title: string }[] }>('/exams?status=published&pageSize=100');
    const exam = exams.items.find((e) => e.title === 'E2E 党章知识测试')!;
    expect(exam).toBeTruthy();
    const attempt = await member.send<{ id: number; questions: { position: number; type: string }[] }>('POST', `/exams/${exam.id}/attempts`, {});
    await member.send('PUT', `/attempts/${attempt.id}/answers`, { answers: attempt.questions.map((q) => ({ position: q.position, given: q.type === 'short' ? ['E2E：宣传党的主张，团结群众。'] : ['true'] })) });
    await member.send('POST', `/attempts/${attempt.id}/submit`, {});

    await row.getByRole('link', { name: 'E2E 党章知识测试' }).click();
    await page.getByTestId('summary-待阅卷').getByText('1', { exact: true }).waitFor();
    // 2,400 candidates in the demo city: the 待阅卷 filter finds the one waiting.
    await page.getByTestId('result-status').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '待阅卷' }).click();
    await page.getByText('共 1 人').waitFor();
    const pending = page.getByRole('row', { name: /待阅卷/ }).first();
    await pending.waitFor();
    const name = (await pending.locator('td').first().textContent())!;
    if (shots) await page.screenshot({ path: `${shots}/exam-results-before.png`, fullPage: true });

    await page.getByRole('button', { name: /阅\s*卷/ }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText('E2E：宣传党的主张，团结群众。').waitFor();
    await drawer.getByText('宣传和执行党的路线方针政策').waitFor();
    const score = drawer.getByLabel(/题得分$/).first();
    await score.fill('11');
    await drawer.getByRole('button', { name: '保存评分' }).click();
    await drawer.getByText('得分应在0至10分之间').waitFor();
    await score.fill('7');
    await drawer.getByLabel(/题评语$/).first().fill('要点基本齐全');
    if (shots) await page.screenshot({ path: `${shots}/exam-marking.png` });
    await drawer.getByRole('button', { name: '保存评分' }).click();
    await page.getByText(`已评分：${name} 得分 12 分，通过`).waitFor();
    await drawer.getByText('没有待阅卷的答卷').waitFor();
    await page.locator('.ant-drawer-close').click();
    await page.getByTestId('summary-通过人数').getByText('1', { exact: true }).waitFor();
    await page.getByTestId('summary-待阅卷').getByText('0', { exact: true }).waitFor();
    await page.getByTestId('result-status').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '已通过' }).click();
    const marked = page.getByRole('row', { name: new RegExp(name) });
    await marked.getByText('已通过').waitFor();
    await marked.getByText('12分').waitFor();
    if (shots) await page.screenshot({ path: `${shots}/exam-results-after.png`, fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出成绩/ }).click()]);
    expect(download.suggestedFilename()).toBe('E2E 党章知识测试-成绩.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const rows = wb.worksheets[0].getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
    expect(rows.find((r) => r[0] === name)?.slice(3, 5)).toEqual([12, '已通过']);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a publish someone else already made is refused with a clear message', async () => {
    const admin = await apiLogin(baseURL, 'admin');
    const papers = await admin.get<{ items: { id: number; title: string; orgId: number }[] }>('/exam-papers?q=E2E&pageSize=10');
    const paper = papers.items[0];
    const opensAt = new Date(Date.now() - 3600_000).toISOString();
    const closesAt = new Date(Date.now() + 48 * 3600_000).toISOString();
    const draft = await admin.send<{ id: number }>('POST', '/exams', { orgId: paper.orgId, paperId: paper.id, title: 'E2E 并发发布', opensAt, closesAt, timeLimitMinutes: 20, attemptsAllowed: 1, passMark: 6 });
    const { context, page } = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(page, 'exam-console-409'));
    await loginToConsole(page, 'admin');
    await menuItem(page, '考试').click();
    const row = page.getByRole('row', { name: /E2E 并发发布/ });
    await row.getByText('草稿').waitFor();
    await admin.send('POST', `/exams/${draft.id}/publish`, {});
    await row.getByRole('button', { name: /发\s*布/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: /发\s*布/ }).click();
    await page.getByText('该考试当前为“已发布”，不能发布（可能刚被他人处理），请刷新后重试').waitFor();
    await row.getByText('已发布').waitFor();
    await context.close();
  });
});
