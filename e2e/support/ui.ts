import type { Page } from 'playwright-core';
import { E2E_PASSWORD } from './accounts.ts';

export async function login(page: Page, username: string, password = E2E_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

/** Logs in and waits until the console (not the login page) is shown. */
export async function loginToConsole(page: Page, username: string, password = E2E_PASSWORD) {
  await login(page, username, password);
  await page.getByTestId('user-menu').waitFor();
}

export const sider = (page: Page) => page.locator('.ant-layout-sider');
/** A menu entry by its whole label (the accessible name also holds the icon's name, e.g. 'calendar 组织生活'). */
export const menuItem = (page: Page, label: string) => sider(page).getByRole('menuitem', { name: new RegExp(`(^|\\s)${label}$`) });

/** Picks an option in an antd TreeSelect by typing part of its title. */
export async function pickInTreeSelect(page: Page, testId: string, search: string, optionTitle: RegExp | string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: optionTitle }).first().click();
}

/** Picks an option in an antd Select (the one labelled `label`) by typing and choosing its text. */
export async function pickInSelect(page: Page, label: string, search: string, optionText: string) {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  // Typed only once the select is open: a click that lands while a dialog is still animating in
  // leaves it closed, and the typing would go nowhere.
  await page.locator('.ant-select-dropdown:visible').first().waitFor();
  await page.keyboard.type(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: optionText }).first().click();
}
