import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { apiLogin } from './support/api.ts';
import { failureShot, newPage, useBrowser } from './support/browser.ts';
import { loginToConsole } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();

describe('删除后回到列表', () => {
  it('deleting an activity on its detail page leads back to the activity list, not to a dead detail page', async () => {
    const api = await apiLogin(baseURL, 'secretary');
    const session = await api.get<{ grants: { orgId: number; role: string }[] }>('/auth/session');
    const orgId = session.grants.find((g) => g.role === 'org_admin')!.orgId;
    const title = `待删除的学习（${Date.now() % 100000}）`;
    const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const created = await api.send<{ id: number }>('POST', '/activities', {
      orgId, planned: true, types: ['theme_day'], title, startsAt: `${day}T01:00:00.000Z`, endsAt: `${day}T03:00:00.000Z`,
    });

    const { context, page } = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(page, 'delete-returns-to-list'));
    await loginToConsole(page, 'secretary');
    await page.goto(`/activities/${created.id}`);
    await page.getByRole('heading', { name: title }).or(page.getByText(title).first()).first().waitFor();
    // After the DELETE, nothing asks for the deleted record again (no 404, no error page flashing by).
    let deleted = false;
    const afterDelete: string[] = [];
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (r.request().method() === 'DELETE' && path === `/api/activities/${created.id}`) deleted = true;
      else if (deleted && path.startsWith(`/api/activities/${created.id}`)) afterDelete.push(`${r.request().method()} ${path} ${r.status()}`);
    });
    await page.getByRole('button', { name: /删\s*除/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: /删\s*除/ }).click();
    await page.waitForURL((u) => u.pathname === '/activities');
    await page.getByText('活动已删除').waitFor();
    // The list is shown, without the deleted record and without a load error.
    await page.getByTestId('activity-table').locator('.ant-table-row').first().waitFor();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await page.getByText('无法加载活动').count()).toBe(0);
    expect(await page.getByText(title).count()).toBe(0);
    expect(afterDelete).toEqual([]);
    // The dead page was replaced in the history: 后退 does not lead back to it.
    await page.goBack();
    expect(new URL(page.url()).pathname).not.toBe(`/activities/${created.id}`);
    await context.close();
  });
});
