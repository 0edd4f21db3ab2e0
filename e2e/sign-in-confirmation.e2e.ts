import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { apiLogin } from './support/api.ts';
import { arrangeLifeBranch } from './support/org-life.ts';
import { failureShot, newPage, useBrowser } from './support/browser.ts';
import { login, loginToConsole } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();

describe('扫码签到：应到名单以外的人员待书记确认', () => {
  it('a member of another branch scans the code: the phone says it waits; the secretary confirms as 列席 on the record', async () => {
    const life = await arrangeLifeBranch(baseURL);
    const other = await arrangeLifeBranch(baseURL);
    // A meeting going on now in the first branch, and its sign-in code (as shown on the screen).
    const sec = await apiLogin(baseURL, life.secretary);
    const start = new Date(Date.now() - 5 * 60_000);
    const activity = await sec.send<{ id: number; title: string }>('POST', '/activities', {
      orgId: life.branchId, types: ['theme_day'], title: `主题党日（扫码演练${life.branchName.slice(-4)}）`, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 60 * 60_000).toISOString(),
    });
    const { token } = await sec.get<{ token: string }>(`/activities/${activity.id}/sign-in-code`);

    // The member of the other branch scans it on the phone.
    const phone = await newPage(browser(), baseURL);
    await phone.page.setViewportSize({ width: 375, height: 667 });
    onTestFailed(() => failureShot(phone.page, 'sign-in-confirmation-phone'));
    await login(phone.page, other.member);
    await phone.page.getByTestId('mobile-home').waitFor();
    await phone.page.goto(`/m/sign-in?t=${encodeURIComponent(token)}`);
    const result = phone.page.getByTestId('m-sign-in-result');
    await result.waitFor();
    await expect.poll(() => result.textContent()).toContain('签到已提交，待确认');
    expect(await result.textContent()).toContain('待支部确认后记为列席人员');
    await phone.page.screenshot({ path: '.test-tmp/sign-in-pending-phone.png' });

    // The secretary finds it waiting on the record, not yet counted, and confirms it.
    const desk = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(desk.page, 'sign-in-confirmation-secretary'));
    await loginToConsole(desk.page, life.secretary);
    await desk.page.goto(`/activities/${activity.id}`);
    const pending = desk.page.getByTestId('pending-sign-ins');
    await pending.waitFor();
    expect(await pending.textContent()).toContain(other.memberName);
    await desk.page.screenshot({ path: '.test-tmp/sign-in-pending-desk.png' });
    await pending.getByRole('button', { name: '确认列席' }).click();
    await pending.waitFor({ state: 'detached' });
    // Both branches have a 许委员: the confirmed one is the row marked 列席.
    const row = desk.page.locator('.ant-table-row', { hasText: '列席' }).filter({ hasText: other.memberName });
    await row.waitFor();
    const after = await sec.get<{ attendanceSummary: { invited: number; pendingSignIns: number } }>(`/activities/${activity.id}`);
    expect(after.attendanceSummary).toMatchObject({ invited: 1, pendingSignIns: 0 });
  });
});
