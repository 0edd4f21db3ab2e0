import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { apiLogin } from './support/api.ts';
import { failureShot, newPage, useBrowser } from './support/browser.ts';
import { loginToConsole, menuItem } from './support/ui.ts';

type Org = { id: number; path: string; name: string };
type MemberPage = { items: { id: number; name: string; orgId: number }[]; total: number };

const baseURL = inject('baseURL');
const browser = useBrowser();

describe('支部书记：只看到本支部', () => {
  it('sees only their branch in the tree and the member list; another branch’s member cannot be found', async () => {
    // What the secretary's branch holds, and a member elsewhere, as the committee admin sees them.
    const admin = await apiLogin(baseURL, 'admin');
    const users = await admin.get<{ items: { username: string; grants: { orgId: number; role: string }[] }[] }>('/users?q=secretary');
    const branchId = users.items.find((u) => u.username === 'secretary')!.grants.find((g) => g.role === 'org_admin')!.orgId;
    const orgs = await admin.get<Org[]>('/orgs');
    const branch = orgs.find((o) => o.id === branchId)!;
    const subtree = orgs.filter((o) => o.path.startsWith(branch.path));
    const inBranch = await admin.get<MemberPage>(`/members?orgId=${branchId}&pageSize=200`);
    const names = new Set(inBranch.items.map((m) => m.name));
    const all = await admin.get<MemberPage>('/members?pageSize=200&sort=name&order=desc');
    const outsider = all.items.find((m) => !subtree.some((o) => o.id === m.orgId) && !names.has(m.name))!;
    expect(outsider).toBeDefined();

    const { context, page } = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(page, 'branch-scope'));
    await loginToConsole(page, 'secretary');

    // The tree: the branch and its 党小组, nothing above or beside it.
    await menuItem(page, '组织管理').click();
    await expect.poll(() => page.getByTestId('org-title').textContent()).toBe(branch.name);
    const tree = page.getByTestId('org-tree');
    await expect.poll(() => tree.locator('.ant-tree-treenode').count()).toBe(subtree.length);
    expect(await tree.textContent()).not.toContain('市直机关工委');
    expect(await tree.textContent()).not.toContain('机关党委');

    // The member list holds exactly the branch's members.
    await menuItem(page, '党员管理').click();
    await page.getByText(`共 ${inBranch.total} 名党员`).waitFor();

    // Searching another branch's member by name finds nobody …
    await page.getByTestId('member-filters').getByLabel('姓名').fill(outsider.name);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.getByTestId('member-table').locator('.ant-empty').waitFor();
    expect(await page.getByTestId('member-table').textContent()).not.toContain(outsider.name);

    // … and the record's address does not open it either.
    await page.goto(`/members/${outsider.id}`);
    await page.getByText('无法加载党员信息').waitFor();
    expect(await page.locator('.ant-result-subtitle').textContent()).toContain('不存在');
    await context.close();
  });
});
