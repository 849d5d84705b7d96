import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hooks = fileURLToPath(new URL('../support/register-ts.mjs', import.meta.url));

/** Runs `briefbot <args> | <reader>` from source, the pipe closed by the reader as `head` does. */
function runPiped(args: string[], readBytes: number): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', hooks, 'src/cli.ts', ...args], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let seen = 0;
  child.stdout.on('data', (d: Buffer) => {
    seen += d.length;
    if (seen >= readBytes) child.stdout.destroy();
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr })));
}

describe('briefbot as a process', () => {
  it('exits quietly when the reader of its output goes away (ingest --explain | head)', async () => {
    const r = await runPiped(['ingest', '--explain', '--check'], 1);
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
    expect([0, 1]).toContain(r.code);
  });

  it('reports an unusable VAR_DIR in one line naming the path, not a stack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefbot-var-'));
    writeFileSync(join(dir, 'not-a-dir'), '');
    const varDir = join(dir, 'not-a-dir', 'var');
    const child = spawn(process.execPath, ['--import', hooks, 'src/cli.ts', 'digest', 'run'], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', VAR_DIR: varDir, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`cannot use the local store at ${varDir}`);
    expect(stderr).not.toMatch(/\n\s+at /);
    rmSync(dir, { recursive: true, force: true });
  });
});

