import { hostname } from 'node:os';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { BriefbotError } from '../errors.js';
import type { Logger } from '../logger.js';

/**
 * A lock file next to factbase.json, so a `briefbot add` and a running bot (or two adds) never
 * read the same fact base and each write it back without the other's articles. Created with
 * O_EXCL; it holds the owner's pid and host. A lock whose owner is gone (same host, pid not
 * running) or that is older than `staleMs` (a crashed process on another host sharing the
 * directory) is taken over.
 */
export interface LockOptions {
  logger: Logger;
  /** Give up waiting after this long (ADD_BUSY). */
  waitMs?: number;
  staleMs?: number;
}

const DEFAULT_WAIT_MS = 60_000;
const DEFAULT_STALE_MS = 10 * 60_000;

export async function withFileLock<T>(lockFile: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  await acquire(lockFile, options);
  try {
    return await work();
  } finally {
    await rm(lockFile, { force: true });
  }
}

async function acquire(lockFile: string, options: LockOptions): Promise<void> {
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const startedAt = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lockFile, 'wx');
      try {
        await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
      } finally {
        await handle.close();
      }
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (await isStale(lockFile, staleMs)) {
      options.logger.warn({ lockFile }, 'taking over a stale fact base lock');
      await rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() - startedAt > waitMs) throw new BriefbotError('ADD_BUSY', { lock: lockFile, seconds: Math.round(waitMs / 1000) });
    await sleep(Math.min(50 * 2 ** Math.min(attempt, 4), 500));
  }
}

async function isStale(lockFile: string, staleMs: number): Promise<boolean> {
  let text: string;
  let mtime: number;
  try {
    [text, mtime] = await Promise.all([readFile(lockFile, 'utf8'), stat(lockFile).then((s) => s.mtimeMs)]);
  } catch {
    // Gone between our open and our read: not stale, just free; the next attempt takes it.
    return false;
  }
  if (Date.now() - mtime > staleMs) return true;
  let owner: { pid?: unknown; host?: unknown };
  try {
    owner = JSON.parse(text) as { pid?: unknown; host?: unknown };
  } catch {
    // Half-written by an owner that died mid-write (or is writing now): judge it by age only.
    return Date.now() - mtime > 5_000;
  }
  if (owner.host !== hostname() || typeof owner.pid !== 'number') return false;
  return !isRunning(owner.pid);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
