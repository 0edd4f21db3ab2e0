import { describe, expect, inject, it, onTestFailed } from 'vitest';
import type { Page } from 'playwright-core';
import { apiLogin } from './support/api.ts';
import { failureShot, newPage, useBrowser, watchConsole } from './support/browser.ts';
import { login } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();
const shots = process.env.E2E_SHOTS;

type Q = { id: number; orgId: number; type: string; options: string[]; answer: string[] };

/** As the committee admin: a fixed paper of the demo bank (a single choice, a true/false, 10 points each) and a published exam of the whole city open now. */
async function arrangeExam(title: string, extra: { timeLimitMinutes: number; focusStrikes: number }) {
  const admin = await apiLogin(baseURL, 'admin');
  const first = async (type: string) => (await admin.get<{ items: Q[] }>(`/exam-questions?type=${type}&pageSize=1`)).items[0];
  const single = await first('single');
  const judge = await first('judge');
  const orgId = single.orgId;
  const paper = await admin.send<{ id: number }>('POST', '/exam-papers', { orgId, title: `${title}试卷`, kind: 'fixed', questions: [{ questionId: single.id, score: 10 }, { questionId: judge.id, score: 10 }] });
  const exam = await admin.send<{ id: number }>('POST', '/exams', {
    orgId,
    paperId: paper.id,
    title,
    opensAt: new Date(Date.now() - 60_000).toISOString(),
    closesAt: new Date(Date.now() + 3600_000).toISOString(),
    attemptsAllowed: 1,
    passMark: 10,
    reviewPolicy: 'after_submit',
    ...extra,
  });
  await admin.send('POST', `/exams/${exam.id}/publish`, {});
  return { single, judge };
}

/** The member, on a phone, opens 考试 and starts the exam named `title`. */
async function startOnPhone(page: Page, title: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, 'member');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.getByRole('navigation', { name: '栏目' }).getByRole('link', { name: '考试' }).click();
  const card = page.getByTestId('m-exam').filter({ hasText: title });
  await card.getByText('已作答 0/1 次').waitFor();
  if (shots) await page.screenshot({ path: `${shots}/exam-phone-list.png` });
  await card.getByRole('button', { name: /开始答题/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: /开始答题/ }).click();
  await page.waitForURL(/\/m\/attempts\/\d+$/);
  await page.getByTestId('countdown').waitFor();
}

const seconds = (t: string) => t.split(':').reduce((n, x) => n * 60 + Number(x), 0);

describe('考试 on the phone: answers kept across a reload, submitted when time runs out, strikes for leaving', () => {
  it('answers, reloads (answer and time kept), and the page submits itself at zero; the result shows', { timeout: 180_000 }, async () => {
    const title = `E2E 一分钟测试 ${Date.now() % 100000}`;
    const { single } = await arrangeExam(title, { timeLimitMinutes: 1, focusStrikes: 0 });
    const { context, page } = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(page, 'exam-taking'));
    const problems = watchConsole(page);
    await startOnPhone(page, title);

    // The single choice answered right; saved at once.
    const q1 = page.getByTestId('question-1');
    const right = single.options['ABCDEFGH'.indexOf(single.answer[0])];
    await q1.getByRole('radio', { name: right }).click();
    await page.getByTestId('save-state').getByText('已保存').waitFor();
    const before = seconds((await page.getByTestId('countdown').textContent())!);
    expect(before).toBeGreaterThan(30);
    expect(before).toBeLessThanOrEqual(60);
    if (shots) await page.screenshot({ path: `${shots}/exam-phone-answering.png` });

    await page.waitForTimeout(2500);
    await page.reload();
    await page.getByTestId('countdown').waitFor();
    await expect.poll(() => page.getByTestId('question-1').getByRole('radio', { name: right }).getAttribute('aria-checked')).toBe('true');
    // The countdown continued from the server's deadline: it did not start again at 01:00.
    const after = seconds((await page.getByTestId('countdown').textContent())!);
    expect(after).toBeLessThan(before - 1);
    expect(after).toBeGreaterThan(0);
    expect(await page.getByText('已答 1/2').count()).toBe(1);

    // Time runs out: the page submits by itself and shows the result.
    const result = page.getByTestId('result');
    await result.waitFor({ timeout: (after + 20) * 1000 });
    await result.getByText('作答时间已到，系统已自动交卷').waitFor();
    expect((await result.textContent())!.replace(/\s+/g, '')).toContain('10/20分');
    await result.getByText('合格').waitFor();
    // The review (after_submit): my answer and the key.
    await page.getByTestId('review').getByText('标准答案：正确').or(page.getByTestId('review').getByText('标准答案：错误')).waitFor();
    await page.getByTestId('review').getByText(`标准答案：${single.answer[0]}`).waitFor();
    if (shots) await page.screenshot({ path: `${shots}/exam-phone-result.png` });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('leaving the page counts a strike and warns; at the limit the server submits and the page says so', async () => {
    const title = `E2E 切屏测试 ${Date.now() % 100000}`;
    const { judge } = await arrangeExam(title, { timeLimitMinutes: 10, focusStrikes: 2 });
    const wrong = judge.answer[0] === 'true' ? '错误' : '正确';
    const { context, page } = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(page, 'exam-strikes'));
    await startOnPhone(page, title);
    await page.getByText('答题时请勿离开本页面：离开 2 次将被强制交卷').waitFor();
    // A save that fails (the network drops) says so and is retried by hand.
    await page.route('**/api/attempts/*/answers', (route) => route.abort());
    await page.getByTestId('question-2').getByRole('radio', { name: wrong }).click();
    await page.getByTestId('save-state').getByText('保存失败').waitFor();
    if (shots) await page.screenshot({ path: `${shots}/exam-phone-save-failed.png` });
    await page.unroute('**/api/attempts/*/answers');
    await page.getByTestId('save-state').getByRole('button', { name: /重\s*试/ }).click();
    await page.getByTestId('save-state').getByText('已保存').waitFor();
    // A reload is no strike, and keeps the answer.
    await page.reload();
    await page.getByTestId('countdown').waitFor();
    await expect.poll(() => page.getByTestId('question-2').getByRole('radio', { name: wrong }).getAttribute('aria-checked')).toBe('true');
    await page.getByText('答题时请勿离开本页面：离开 2 次将被强制交卷').waitFor();
    const leave = () =>
      page.evaluate(() => {
        Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
        Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      });
    await leave();
    await page.getByTestId('strike-warning').getByText('已离开答题页面 1 次，再离开 1 次将被强制交卷').waitFor();
    if (shots) await page.screenshot({ path: `${shots}/exam-phone-strike.png` });
    await leave();
    await page.getByTestId('ended-by').getByText('因离开答题页面次数达到上限，系统已强制交卷').waitFor();
    await page.getByTestId('result').getByText('不合格（10分及格）').waitFor();
    if (shots) await page.screenshot({ path: `${shots}/exam-phone-forced.png` });
    await context.close();
  });
});
