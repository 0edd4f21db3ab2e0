import type { Page } from 'playwright-core';
import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { failureShot, newPage, useBrowser } from './support/browser.ts';
import { login, loginToConsole } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();

/** Everything the browser would show in red in its console: errors, warnings of React/antd, failed loads. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  return problems;
}

describe('登录页控制台无报错', () => {
  it('opening the site signed out, the login page, a wrong password and signing in leave the console clean', async () => {
    const { context, page } = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(page, 'login-console'));
    const problems = watchConsole(page);
    // Signed out, any page leads to the login page.
    await page.goto('/');
    await page.getByRole('button', { name: /登\s*录/ }).waitFor();
    await page.goto('/login');
    await page.getByRole('button', { name: /登\s*录/ }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(problems).toEqual([]);
    // A wrong password is answered on the page. The browser itself notes the refused request
    // (401 from /api/auth/login) — that line, and nothing else, is allowed.
    await login(page, 'secretary', 'Wrong#Pass2026');
    await page.getByText(/用户名或密码错误/).waitFor();
    await page.waitForLoadState('networkidle');
    expect(problems.filter((p) => !/status of 401 .*\/api\/auth\/login\)$/.test(p))).toEqual([]);
    problems.length = 0;
    // Signing in lands on the home page, still without a console error.
    await loginToConsole(page, 'secretary');
    await page.waitForLoadState('networkidle');
    expect(problems).toEqual([]);
    await context.close();
  });
});
