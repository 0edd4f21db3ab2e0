import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { apiLogin } from './support/api.ts';
import { failureShot, newPage, useBrowser, watchConsole } from './support/browser.ts';
import { login, loginToConsole } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();

type Ledger = { total: number; lines: { day: string; kind: string; points: number; source: { type: string; id: number; title: string; link: string | null } }[] };

// 党员积分 in the browser, on the demo: a member's points on the phone name the meeting that earned
// them, and the branch secretary follows the same line in the console to that meeting's record.
describe('党员积分：积分来自哪次会议', () => {
  it('the member sees the meeting behind a line on the phone; the secretary opens that meeting from the member’s ledger', async () => {
    const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
    const member = await apiLogin(baseURL, 'member');
    const me = await member.get<{ user: { memberId: number } }>('/auth/session');
    const ledger = await member.get<Ledger>(`/points?memberId=${me.user.memberId}&year=${year}`);
    const meeting = ledger.lines.find((l) => l.source.type === 'activity' && l.points > 0);
    expect(meeting, '演示党员本年度应有因出席会议获得的积分').toBeTruthy();

    const { context, page } = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(page, 'points-phone'));
    const problems = watchConsole(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await login(page, 'member');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.getByRole('navigation', { name: '栏目' }).getByRole('link', { name: '积分' }).click();
    await expect.poll(() => page.getByTestId('m-points-total').textContent()).toBe(String(ledger.total));
    const line = page.getByTestId('m-points-line').filter({ hasText: meeting!.source.title }).filter({ hasText: meeting!.day }).first();
    await line.waitFor();
    expect(await line.textContent()).toContain(`+${meeting!.points}`);
    expect(problems).toEqual([]);
    await context.close();

    // The secretary reads the member's ledger in the console and opens the meeting the line names.
    const second = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(second.page, 'points-console'));
    await loginToConsole(second.page, 'secretary');
    await second.page.goto(`/points/members/${me.user.memberId}`);
    await second.page.locator('tr', { hasText: meeting!.day }).getByRole('link', { name: meeting!.source.title }).first().click();
    await second.page.waitForURL((u) => u.pathname === meeting!.source.link);
    await second.page.getByText(meeting!.source.title).first().waitFor();
    await second.context.close();
  });
});
