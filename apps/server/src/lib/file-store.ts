import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where uploaded files live: the database keeps the metadata and the key, the store keeps the
 * bytes. One interface, so an S3-compatible object store can replace the disk later.
 */
export interface FileStore {
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** The bytes, or null when the key is unknown. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the file; a missing file is not an error. */
  delete(key: string): Promise<void>;
}

/** Keys are ours alone: lower-case words, digits and dashes in a few segments; never a user's file name. */
const KEY = /^[a-z0-9][a-z0-9-]{0,63}(\/[a-z0-9][a-z0-9-]{0,63}){0,4}$/;

export function assertFileKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`invalid file key: ${JSON.stringify(key)}`);
}

/** A new random key under a prefix, e.g. `activity/3f/3f9c…` (the two-character folder keeps directories small). */
export function newFileKey(prefix: string): string {
  const id = randomBytes(16).toString('hex');
  const key = `${prefix}/${id.slice(0, 2)}/${id}`;
  assertFileKey(key);
  return key;
}

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Files on disk under `root` (the data directory's `files/`). A write goes to a temporary file in
 * the same folder, is flushed, then renamed: a reader never sees half a file, and a crash leaves at
 * most a `.tmp` file behind.
 */
export function createDiskFileStore(root: string): FileStore {
  const resolved = path.resolve(root);
  const fileOf = (key: string) => {
    assertFileKey(key);
    return path.join(resolved, ...key.split('/'));
  };
  return {
    async put(key, data) {
      const target = fileOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(temp, target);
      } catch (e) {
        await rm(temp, { force: true });
        throw e;
      }
    },
    async get(key) {
      try {
        return await readFile(fileOf(key));
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
    },
    async delete(key) {
      try {
        await unlink(fileOf(key));
      } catch (e) {
        if (!isMissing(e)) throw e;
      }
    },
  };
}
