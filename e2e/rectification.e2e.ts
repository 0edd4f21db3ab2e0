import type { Page } from 'playwright-core';
import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { apiLogin } from './support/api.ts';
import { failureShot, newPage, useBrowser } from './support/browser.ts';
import { loginToConsole, menuItem } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();

const beijingDay = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** Waits for the POST whose address ends with `path` and checks the server accepted it. */
async function accepted(page: Page, path: string, act: () => Promise<void>) {
  const response = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith(path));
  await act();
  const r = await response;
  expect(r.status(), await r.text()).toBe(200);
}

const statusOf = (page: Page) => page.getByTestId('item-status').first().textContent();

/** The unit applies for 销号 with a summary. */
async function applyForClosing(page: Page, summary: string) {
  await page.getByTestId('request-closing').click();
  await page.getByTestId('closing-summary').fill(summary);
  await accepted(page, '/close', () => page.getByTestId('closing-submit').click());
  await expect.poll(() => statusOf(page)).toBe('销号待审');
}

/** The committee verifies the closing: a conclusion, the default verifier (the caller), a comment. */
async function verify(page: Page, outcome: string, comment?: string) {
  await page.getByTestId('verify-closing').click();
  const dialog = page.locator('.ant-modal:visible');
  await dialog.getByText(outcome, { exact: true }).click();
  if (outcome === '未完成') {
    // The reason is required for 未完成.
    await dialog.getByTestId('verify-submit').click();
    await dialog.getByText('未完成须写明原因').waitFor();
  }
  if (comment) await dialog.getByTestId('verify-comment').fill(comment);
  expect(await dialog.locator('.ant-select-selection-item').count()).toBeGreaterThan(0);
  await accepted(page, '/closing/verify', () => dialog.getByTestId('verify-submit').click());
  await dialog.waitFor({ state: 'hidden' });
}

describe('督查发现 → 整改 → 验收 → 销号', () => {
  it('the committee records a finding; the unit sets and completes a measure and applies; 未完成 returns it; 已整改 closes it; the ledger and the overview show it; coverage and the printable ledger after the checklist', async () => {
    const today = beijingDay();
    const year = Number(today.slice(0, 4));
    const tag = Date.now() % 100_000;

    // Setup (API): the committee plans and starts an inspection of unitadmin's unit.
    const api = await apiLogin(baseURL, 'admin');
    const unitApi = await apiLogin(baseURL, 'unitadmin');
    const { session } = await unitApi.get<{ session: { grants: { orgId: number; orgName: string }[] } }>('/auth/state');
    const unit = session.grants[0]!;
    const templates = await api.get<{ items: { id: number }[] }>('/checklist-templates');
    const inspection = await api.send<{ id: number; checklist: { key: string }[] }>('POST', '/inspections', {
      year, kind: 'unannounced', title: `E2E整改督查${tag}`, startsOn: today, endsOn: today, team: ['张督查', '李督查'], leader: '张督查', templateId: templates.items[0]!.id, targetOrgIds: [unit.orgId],
    });
    await api.send('POST', `/inspections/${inspection.id}/start`, {});
    const title = `支委会记录不全${tag}`;

    // 工委: records the finding on the target's checklist page.
    const admin = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(admin.page, 'rectification-admin'));
    await loginToConsole(admin.page, 'admin');
    await admin.page.goto(`/inspections/${inspection.id}/targets/${unit.orgId}`);
    await admin.page.getByTestId('record-finding').click();
    const form = admin.page.getByTestId('finding-form');
    await form.getByLabel('问题归类', { exact: true }).fill('三会一课');
    await form.getByLabel('问题表现', { exact: true }).fill(title);
    await form.getByLabel('具体情况', { exact: true }).fill('抽查发现9月、10月无支委会记录');
    await form.getByText('较重', { exact: true }).click();
    await form.getByLabel('主要负责人', { exact: true }).fill('王局长');
    await form.getByLabel('分管领导', { exact: true }).fill('李副局长');
    await accepted(admin.page, `/inspections/${inspection.id}/findings`, () => admin.page.getByTestId('finding-submit').click());
    const findingLink = admin.page.getByTestId('target-findings').getByRole('link', { name: title });
    await findingLink.click();
    await expect.poll(() => admin.page.getByTestId('item-title').textContent()).toBe(title);
    const itemPath = new URL(admin.page.url()).pathname;
    expect(await admin.page.getByTestId('finding-card').textContent()).toContain('较重');

    // The unit: a measure in the plan, reported done, then 申请销号.
    const sec = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(sec.page, 'rectification-unit'));
    await loginToConsole(sec.page, 'unitadmin');
    await sec.page.goto(itemPath);
    // A finding is driven by its measures: no empty 时间表 / 路线图 cards.
    await sec.page.getByTestId('edit-plan').waitFor();
    expect(await sec.page.getByText('路线图', { exact: true }).count()).toBe(0);
    expect(await sec.page.getByText('时间表', { exact: true }).count()).toBe(0);
    await sec.page.getByTestId('edit-plan').click();
    await sec.page.getByTestId('add-measure').click();
    const row = sec.page.getByTestId('measure-row').first();
    await row.getByPlaceholder('整改措施，如：补开支委会并完善记录').fill('补开支委会并完善会议记录');
    await row.getByPlaceholder('责任人').fill('赵一');
    const date = row.getByPlaceholder('时限');
    await date.click();
    await date.fill(today);
    await date.press('Enter');
    const saved = sec.page.waitForResponse((r) => r.request().method() === 'PUT' && new URL(r.url()).pathname.endsWith('/plan'));
    await sec.page.getByTestId('plan-save').click();
    expect((await saved).status()).toBe(200);
    const measures = sec.page.getByTestId('measures');
    await expect.poll(() => measures.textContent()).toContain('补开支委会并完善会议记录');
    await measures.getByTestId('complete-measure').click();
    const dialog = sec.page.locator('.ant-modal:visible');
    await dialog.getByTestId('decision-text').fill('已补开支委会，记录已完善');
    await accepted(sec.page, '/complete', () => dialog.getByTestId('decision-ok').click());
    await expect.poll(() => measures.textContent()).toContain('已完成');
    await applyForClosing(sec.page, '措施已全部完成');

    // 工委: 未完成 with a reason sends it back.
    await admin.page.reload();
    await verify(admin.page, '未完成', '记录格式不规范，需补充签到表');
    await expect.poll(() => statusOf(admin.page)).toBe('推进中');

    // The unit sees the reason and applies again.
    await sec.page.reload();
    await expect.poll(() => sec.page.getByTestId('closings').textContent()).toContain('记录格式不规范，需补充签到表');
    await applyForClosing(sec.page, '已补充签到表');
    await sec.context.close();

    // 工委: 已整改 closes it (销号).
    await admin.page.reload();
    await verify(admin.page, '已整改');
    await expect.poll(() => statusOf(admin.page)).toBe('已销号');
    await admin.page.getByTestId('closed-alert').waitFor();
    expect(await admin.page.getByTestId('finding-card').textContent()).toContain('已整改');

    // 督查整改: the progress sentence of this inspection.
    await menuItem(admin.page, '督查整改').click();
    await admin.page.getByTestId('rect-sentence').waitFor();
    await admin.page.goto(`/rectifications?inspectionId=${inspection.id}`);
    await expect.poll(() => admin.page.getByTestId('rect-sentence').textContent()).toContain('完成整改1个');
    expect(await admin.page.getByTestId('rect-table').textContent()).toContain(title);

    // 清单总览: the unit is listed; the ledger downloads.
    await menuItem(admin.page, '清单总览').click();
    await expect.poll(() => admin.page.getByTestId('overview-table').textContent()).toContain(unit.orgName);
    const download = admin.page.waitForEvent('download');
    await admin.page.getByTestId('ledger-xlsx').click();
    expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);

    // The checklist of the unit is recorded (API): 督查全覆盖 shows the unit covered.
    await api.send('PUT', `/inspections/${inspection.id}/targets/${unit.orgId}`, { visitedOn: today, summary: '总体较好，支委会记录需完善', results: inspection.checklist.map((c) => ({ key: c.key, result: 'conform' })) });
    await admin.page.goto(`/inspections/coverage?year=${year}`);
    const coverageRow = admin.page.locator('.ant-table-row', { hasText: unit.orgName }).first();
    await expect.poll(() => coverageRow.textContent()).toContain('已覆盖');
    expect(await coverageRow.textContent()).toContain(`E2E整改督查${tag}`);

    // 打印台账: from the overview to the printable ledger; the unit's ledger shows the finding and the sentence.
    await menuItem(admin.page, '清单总览').click();
    await admin.page.getByTestId('ledger-print-link').click();
    await admin.page.getByTestId('ledger-doc').waitFor();
    expect(new URL(admin.page.url()).pathname).toBe('/lists/ledger');
    await admin.page.goto(`/lists/ledger?year=${year}&orgId=${unit.orgId}`);
    const doc = admin.page.getByTestId('ledger-doc');
    await expect.poll(() => doc.locator('h1').textContent()).toBe(`${unit.orgName}　${year}年度清单台账`);
    expect(await doc.textContent()).toContain('生成时间：');
    const findingRow = doc.getByTestId('ledger-findings').locator('tr', { hasText: title });
    expect(await findingRow.textContent()).toContain('已整改');
    expect(await findingRow.textContent()).toContain('补开支委会并完善会议记录');
    expect(await doc.getByTestId('ledger-items').textContent()).toContain(title);
    expect(await doc.getByTestId('ledger-sentence').textContent()).toMatch(/^反馈问题\d+个，完成整改\d+个，基本完成、持续整改\d+个，未完成\d+个，完成率[\d.]+%。$/);
    expect(await admin.page.getByTestId('ledger-print').isEnabled()).toBe(true);
    await admin.context.close();
  });
});
