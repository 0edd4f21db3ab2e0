import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActions, auditEntityTypes, auditObjectLabel, reviewActions } from '@xianfeng/shared';

// The audit page and the Excel export name every action and object type in Chinese. The writers
// are typed (AuditAction, AuditEntityType), and this test reads the server's source as well, so an
// action written through a plain string still cannot slip past without a name.
const src = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Every string literal in the expression after `key:` (up to the next comma or brace). */
function literalsAfter(key: string, code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(new RegExp(`\\b${key}:\\s*([^,}\\n]+)`, 'g'))) {
    for (const l of m[1].matchAll(/'([^']+)'/g)) found.push(l[1]);
  }
  // The review steps write `activity.${step}`.
  if (key === 'action' && code.includes('action: `activity.${step}`')) found.push(...reviewActions.map((s) => `activity.${s}`));
  return found;
}

const files = sources(src).map((f) => ({ file: path.relative(src, f), code: readFileSync(f, 'utf8') }));
const written = (key: string) => new Map(files.flatMap(({ file, code }) => literalsAfter(key, code).map((v) => [v, file] as const)));

describe('audit labels', () => {
  it('every action the server writes has a Chinese name', () => {
    const actions = written('action');
    // Refusals at sign-in pass the action as an argument.
    for (const { file, code } of files) for (const m of code.matchAll(/auditRefusal\([^)]*?'([a-z_]+\.[a-z_]+)'/g)) actions.set(m[1], file);
    for (const m of readFileSync(path.join(src, 'features/auth/auth.service.ts'), 'utf8').matchAll(/locked \? '([a-z_.]+)' : '([a-z_.]+)'/g)) {
      actions.set(m[1], 'auth.service.ts');
      actions.set(m[2], 'auth.service.ts');
    }
    const auditLike = [...actions.keys()].filter((a) => /^[a-z_]+\.[a-z_]+$/.test(a));
    expect(auditLike.length).toBeGreaterThan(50);
    const unnamed = auditLike.filter((a) => !auditActions.values.includes(a as never)).map((a) => `${a} (${actions.get(a)})`);
    expect(unnamed).toEqual([]);
    // And no name is kept for an action nothing writes any more.
    expect(auditActions.values.filter((a) => !actions.has(a))).toEqual([]);
  });

  it('every object type the server writes has a Chinese name', () => {
    const types = [...written('entityType').keys()];
    expect(types.length).toBeGreaterThan(8);
    expect(types.filter((t) => !auditEntityTypes.values.includes(t as never))).toEqual([]);
    expect(auditEntityTypes.values.filter((t) => !types.includes(t))).toEqual([]);
  });

  it('names the object in words, never by its type code', () => {
    expect(auditObjectLabel('notification', '2026-12-01')).toBe('提醒消息（2026-12-01）');
    expect(auditObjectLabel('member', '12')).toBe('党员 #12');
    expect(auditObjectLabel('import', '3f2a9c1e-0000-4000-8000-000000000000')).toBe('导入任务（3f2a9c1e…）');
    expect(auditObjectLabel('system', null)).toBe('系统');
    expect(auditObjectLabel(null, null)).toBe('—');
  });
});
