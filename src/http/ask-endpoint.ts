import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { FactStoreDescriptor } from '../factbase/fact-store.js';
import { LOCAL_ASK_PATH, type LocalAskRequest } from './local-ask.js';

/**
 * Where a running bot tells `briefbot ask` on the same host how to reach it:
 * VAR_DIR/ask-endpoint.json (mode 0600: the token in it is the only key to /internal/ask).
 */
export const AskEndpointSchema = z.object({
  url: z.url(),
  token: z.string().min(32),
  pid: z.number().int().positive(),
  /** A hash of the fact store the bot serves (never the URL: it may hold a password). */
  store: z.string(),
});
export type AskEndpoint = z.infer<typeof AskEndpointSchema>;

const FILE = 'ask-endpoint.json';

export function storeKey(store: FactStoreDescriptor): string {
  return createHash('sha256').update(JSON.stringify(store)).digest('hex').slice(0, 24);
}

export function newAskToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Written once the server listens; removed on close (a stale file is ignored: its pid is gone).
 * Throws when VAR_DIR cannot be written: the caller logs it, and `ask` loads the fact base itself.
 */
export function writeAskEndpoint(varDir: string, endpoint: AskEndpoint): () => void {
  const path = join(varDir, FILE);
  mkdirSync(varDir, { recursive: true });
  // Removed first: a file left by another user keeps its own mode, and the token must not be readable.
  rmSync(path, { force: true });
  writeFileSync(path, JSON.stringify(endpoint), { mode: 0o600 });
  return () => {
    try {
      const current = JSON.parse(readFileSync(path, 'utf8')) as { token?: unknown };
      // Only our own: a second bot on the same VAR_DIR may have written its file since.
      if (current.token === endpoint.token) rmSync(path, { force: true });
    } catch {
      // Already gone.
    }
  };
}

/**
 * The answer of a running bot that serves the same fact store, or undefined when there is none
 * (no file, a dead pid, another store, no answer in time, any refusal but a query error) so the
 * caller loads the fact base itself. A query error comes back as `{ error }`, as the bot worded it.
 */
export async function askRunningBot(
  varDir: string,
  store: FactStoreDescriptor,
  request: LocalAskRequest,
  timeoutMs = 3_000,
): Promise<{ output: string } | { error: string } | undefined> {
  let endpoint: AskEndpoint;
  try {
    endpoint = AskEndpointSchema.parse(JSON.parse(readFileSync(join(varDir, FILE), 'utf8')));
  } catch {
    return undefined;
  }
  if (endpoint.store !== storeKey(store) || !alive(endpoint.pid)) return undefined;
  try {
    const res = await fetch(new URL(LOCAL_ASK_PATH, endpoint.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${endpoint.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json()) as { output?: unknown; error?: unknown };
    if (res.status === 200 && typeof body.output === 'string') return { output: body.output };
    if (res.status === 422 && typeof body.error === 'string') return { error: body.error };
    return undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
