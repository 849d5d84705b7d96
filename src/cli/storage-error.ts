import { join } from 'node:path';
import { BriefbotError } from '../errors.js';

const FS_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'ENOTDIR', 'EEXIST', 'EDQUOT']);
// SQLite's own result codes (libsql/better-sqlite3 put them in `code`): full, read-only, cannot open, I/O.
const SQLITE_CODE = /^SQLITE_(FULL|READONLY|CANTOPEN|IOERR|PERM|CORRUPT|NOTADB)/;

/**
 * One line for a storage failure (a full or read-only SQLite file, an unwritable VAR_DIR), naming
 * the path: these are the operator's to fix, and a stack trace only hides which path it was.
 * Undefined for any other error.
 */
export function describeStorageError(err: unknown, env: NodeJS.ProcessEnv): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const e = err as NodeJS.ErrnoException;
  const code = typeof e.code === 'string' ? e.code : '';
  const sqlite = SQLITE_CODE.test(code);
  if (!sqlite && !FS_CODES.has(code)) return undefined;
  const varDir = env['VAR_DIR']?.trim() || 'var';
  const path = e.path ?? (sqlite ? join(varDir, 'briefbot.sqlite') : varDir);
  const reason = e.message.split('\n')[0]!.replace(/^\w+: /, '');
  return new BriefbotError('STORAGE_UNUSABLE', { path, code, reason }).message;
}
