import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { apiLogin } from './support/api.ts';
import { failureShot, newPage, useBrowser, watchConsole } from './support/browser.ts';
import { login, loginToConsole } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();

type Contest = { id: number; title: string; phase: string };
type Me = { rank: number | null; best: { score: number } | null; attempts: { attemptId: number; flag: string }[]; rankedCount: number };
type Attempt = { id: number; questions: { position: number; type: string; options: string[] }[] };

// 知识竞赛 on the demo: the member practises a question on the phone and sees the key and the
// explanation; on a contest day starts an attempt from the phone (taken on /m/attempts/:id — driven
// here through the same exam attempt API the phone page uses); the attempt is too fast and is
// flagged; the committee clears the flag in the console; the member's rank then shows on the phone
// and the member on the console's leaderboard.
describe('知识竞赛：练习、竞赛答题、异常核实与排行', () => {
  it('practice with feedback, a contest attempt, the flag cleared, the rank on both pages', async () => {
    const member = await apiLogin(baseURL, 'member');
    const contests = (await member.get<{ items: Contest[] }>('/contests')).items;
    const current = contests.find((c) => c.phase === 'contest')!;
    const next = contests.find((c) => c.phase === 'practice')!;
    expect(current && next, '演示数据应有一场竞赛中、一场练习中的知识竞赛').toBeTruthy();

    const { context, page } = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(page, 'contest-phone'));
    const problems = watchConsole(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await login(page, 'member');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.getByRole('navigation', { name: '栏目' }).getByRole('link', { name: '竞赛' }).click();
    await page.getByTestId('m-contest-title').waitFor();
    expect(await page.getByTestId('m-contest-title').textContent()).toBe(current.title);

    // 练习: next month's contest.
    await page.locator('.ant-radio-button-wrapper', { hasText: '练习中' }).click();
    await page.getByRole('button', { name: /开始练习/ }).click();
    await page.getByTestId('m-practice').locator('.ant-radio-wrapper').first().click();
    await page.getByRole('button', { name: /提交答案/ }).click();
    const feedback = page.getByTestId('m-practice-feedback');
    await feedback.waitFor();
    expect(await feedback.textContent()).toMatch(/^(回答正确|回答错误，正确答案：.+)解析：.+/);

    // 竞赛: today's attempt, started on the phone.
    await page.locator('.ant-radio-button-wrapper', { hasText: '竞赛中' }).click();
    await page.getByRole('button', { name: /开始竞赛答题/ }).click();
    await page.waitForURL(/\/m\/attempts\/\d+(\?|$)/);
    const attemptId = Number(new URL(page.url()).pathname.split('/').pop());
    const attempt = await member.get<Attempt>(`/attempts/${attemptId}`);
    for (const q of attempt.questions) await member.send('PUT', `/attempts/${attemptId}/answers`, { answers: [{ position: q.position, given: [q.type === 'judge' ? 'true' : 'A'] }] });
    await member.send('POST', `/attempts/${attemptId}/submit`, {});
    const flagged = await member.get<Me>(`/contests/${current.id}/me`);
    expect(flagged.attempts.find((a) => a.attemptId === attemptId)?.flag).toBe('flagged');
    await context.close();

    // The committee clears the flag in the console.
    const admin = await apiLogin(baseURL, 'admin');
    const flags = await admin.get<{ items: { attemptId: number; name: string }[] }>(`/contests/${current.id}/flags`);
    const row = flags.items.find((f) => f.attemptId === attemptId)!;
    const consolePage = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(consolePage.page, 'contest-console'));
    await loginToConsole(consolePage.page, 'admin');
    await consolePage.page.goto(`/contests/${current.id}`);
    await consolePage.page.getByRole('tab', { name: /异常答卷/ }).click();
    await consolePage.page.locator('tr', { hasText: row.name }).filter({ hasText: '待' }).or(consolePage.page.locator('tr', { hasText: row.name })).first().getByRole('button', { name: /核实正常/ }).click();
    await consolePage.page.getByPlaceholder(/请写明核实意见/).fill('本人现场复核答题，确认为本人作答');
    await consolePage.page.getByRole('button', { name: /确\s*定/ }).click();
    await consolePage.page.getByText('已核实为正常，成绩计入排名').waitFor();
    const me = await member.get<Me>(`/contests/${current.id}/me`);
    expect(me.rank).not.toBeNull();

    // The console's leaderboard counts everyone ranked, the member among them.
    await consolePage.page.getByRole('tab', { name: '实时排行' }).click();
    await consolePage.page.getByText(`共 ${me.rankedCount} 人上榜`).waitFor();
    await consolePage.context.close();

    // The phone shows the member's rank and best.
    const again = await newPage(browser(), baseURL);
    await again.page.setViewportSize({ width: 390, height: 844 });
    onTestFailed(() => failureShot(again.page, 'contest-phone-rank'));
    await login(again.page, 'member');
    await again.page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await again.page.getByRole('navigation', { name: '栏目' }).getByRole('link', { name: '竞赛' }).click();
    await expect.poll(() => again.page.getByTestId('m-contest-rank').textContent()).toBe(String(me.rank));
    expect(await again.page.getByTestId('m-contest-me').textContent()).toContain(String(me.best!.score));
    expect(await again.page.getByTestId('m-contest-org').textContent()).toMatch(/参与率 [\d.]+%/);
    expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
    await again.context.close();
  });
});
