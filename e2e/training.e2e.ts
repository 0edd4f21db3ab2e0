import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { failureShot, newPage, useBrowser, watchConsole } from './support/browser.ts';
import { login, loginToConsole, menuItem, pickInTreeSelect } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();
const shots = process.env.E2E_SHOTS;

// 培训班 in the browser, on the demo's classes: the member evaluates this week's class on the phone
// (once, anonymously); the unit's admin sees the summary, 结业s the class and prints the member's
// certificate; the committee sets up a new class with its form and enrols trainees with the picker.
describe('培训班：手机端教学评估、结业与证书、新建培训班与添加学员', () => {
  it('the member rates the course on the phone, once', async () => {
    const { context, page } = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(page, 'training-phone'));
    const problems = watchConsole(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await login(page, 'member');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    // A plain member on a phone lands on /m; 培训 is one tap in its section bar.
    await page.getByRole('navigation', { name: '栏目' }).getByRole('link', { name: '培训' }).click();
    const card = page.getByTestId('m-training').first();
    await card.getByText('党员集中轮训').waitFor();
    await card.getByText('我的出勤率 100%').waitFor();
    await expect.poll(() => card.getByRole('button', { name: '还有5项未评分' }).isDisabled()).toBe(true);
    for (const [item, stars] of [['课程设置', 5], ['授课质量', 5], ['后勤服务', 3], ['教学组织', 4], ['总体满意度', 4]] as const)
      await page.getByTestId(`rate-${item}`).locator('.ant-rate-star').nth(stars - 1).click();
    await card.getByLabel('意见建议').fill('E2E：希望增加研讨时间');
    await card.getByRole('button', { name: '提交教学评估' }).click();
    await page.getByText('教学评估已提交，谢谢！').waitFor();
    await card.getByText('已提交教学评估').waitFor();
    expect(await card.getByRole('button', { name: '提交教学评估' }).count()).toBe(0);
    if (shots) await page.screenshot({ path: `${shots}/training-phone.png`, fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the unit’s admin reads the summary, finishes the class and opens the member’s certificate', async () => {
    const { context, page } = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(page, 'training-finish'));
    const problems = watchConsole(page);
    await loginToConsole(page, 'unitadmin');
    await menuItem(page, '培训班').click();
    await page.getByRole('link', { name: /党员集中轮训/ }).click();
    await page.getByRole('tab', { name: /教学评估（1\// }).click();
    await page.getByText('E2E：希望增加研讨时间').waitFor();
    await page.getByRole('tab', { name: /学员/ }).click();
    await page.getByRole('button', { name: /结\s*业/ }).click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText('已结业', { exact: true }).first().waitFor();
    // The demo member was present at the one course recorded: completed, with a certificate.
    const link = page.getByRole('link', { name: /^\d{4}-培\d+-\d{3}$/ }).first();
    await link.waitFor();
    const number = await link.textContent();
    await link.click();
    await page.getByTestId('certificate').getByText(`证书编号：${number}`).waitFor();
    await page.getByTestId('certificate').getByText('准予结业').waitFor();
    if (shots) await page.screenshot({ path: `${shots}/training-certificate.png`, fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the committee sets up a class with its form and enrols trainees with the picker', async () => {
    const { context, page } = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(page, 'training-new'));
    const problems = watchConsole(page);
    await loginToConsole(page, 'admin');
    await menuItem(page, '培训班').click();
    await page.getByRole('button', { name: '新建培训班' }).click();
    const dialog = page.getByRole('dialog', { name: '新建培训班' });
    await pickInTreeSelect(page, 'class-org', '市直机关工委', '市直机关工委');
    await dialog.getByLabel('培训班名称').fill('E2E 专题培训班');
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10); // Beijing's day
    await dialog.getByPlaceholder('开始日期').click();
    await dialog.getByPlaceholder('开始日期').fill(today);
    await dialog.getByPlaceholder('结束日期').fill(today);
    await page.keyboard.press('Enter');
    await dialog.getByLabel('地点').fill('市委党校');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已新建培训班“E2E 专题培训班”').waitFor();
    await page.getByText('筹备中', { exact: true }).waitFor();
    // 开班 needs trainees: the server's message is shown.
    await page.getByRole('button', { name: /^开\s*班$/ }).click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText('培训班还没有学员，添加学员后才能开班').waitFor();
    await page.getByRole('tab', { name: /学员/ }).click();
    await page.getByRole('button', { name: '添加学员' }).click();
    const picker = page.getByRole('dialog', { name: '添加学员' });
    await picker.getByRole('checkbox', { name: /^选择/ }).nth(0).check();
    await picker.getByRole('checkbox', { name: /^选择/ }).nth(1).check();
    await picker.getByRole('button', { name: '添加2名学员' }).click();
    await page.getByText('已添加2名学员').waitFor();
    await page.getByRole('tab', { name: '学员（2）' }).waitFor();
    await page.getByRole('button', { name: /^开\s*班$/ }).click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText('培训中', { exact: true }).waitFor();
    // The refused 开班 is the one failed request the browser logs (409, shown to the user above).
    expect(problems.filter((p) => !/status of 409 \(Conflict\)/.test(p))).toEqual([]);
    await context.close();
  });
});
