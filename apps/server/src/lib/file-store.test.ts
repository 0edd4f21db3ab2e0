import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDiskFileStore, newFileKey } from './file-store.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'xf-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('disk file store', () => {
  const store = createDiskFileStore(root);

  it('puts, gets and deletes by a generated key, leaving no temporary file', async () => {
    const key = newFileKey('activity');
    expect(key).toMatch(/^activity\/[0-9a-f]{2}\/[0-9a-f]{32}$/);
    await store.put(key, Buffer.from('会议照片'), 'image/png');
    expect((await store.get(key))?.toString()).toBe('会议照片');
    expect(readdirSync(root, { recursive: true }).some((f) => String(f).endsWith('.tmp'))).toBe(false);
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
    await store.delete(key);
  });

  it('refuses keys that could leave its folder or name a user file', async () => {
    for (const key of ['../etc/passwd', '/etc/passwd', 'a/../../b', 'a//b', 'A/B', '会议.png', 'a/b.png', '', 'a\\b']) {
      await expect(store.put(key, Buffer.from('x'), 'text/plain'), key).rejects.toThrow('invalid file key');
      await expect(store.get(key), key).rejects.toThrow('invalid file key');
    }
  });
});
