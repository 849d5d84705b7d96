import { spawn } from 'node:child_process';
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
});
