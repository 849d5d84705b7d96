import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { installProcessGuards } from '../src/process-guards.js';

function fakeProcess() {
  const exits: number[] = [];
  const emitter = new EventEmitter();
  const proc = Object.assign(emitter, { pid: 4242, uptime: () => 12.3, exit: (code?: number) => void exits.push(code ?? 0) });
  return { proc: proc as unknown as Parameters<typeof installProcessGuards>[1] & EventEmitter, exits };
}

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _e, done) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('process guards', () => {
  it('log an unhandled rejection with its error and context, and the process carries on', async () => {
    const { proc, exits } = fakeProcess();
    const { lines, logger } = capture();
    const remove = installProcessGuards(logger, proc);
    proc.emit('unhandledRejection', Object.assign(new TypeError("Cannot read properties of null (reading 'ssl_check')"), { code: 'X' }));
    proc.emit('unhandledRejection', 'a plain string');
    await new Promise((r) => setImmediate(r));
    expect(exits).toEqual([]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 50, pid: 4242, component: 'process', unhandledSoFar: 1, uptimeS: 12, err: { type: 'TypeError', message: expect.stringContaining('ssl_check') } });
    expect(String((lines[0]!['err'] as { stack: string }).stack)).toContain('TypeError');
    expect(lines[1]).toMatchObject({ unhandledSoFar: 2, err: { value: 'a plain string' } });
    remove();
    expect(proc.listenerCount('unhandledRejection')).toBe(0);
  });

  it('log an uncaught exception as fatal, then exit 1 for a clean restart', async () => {
    const { proc, exits } = fakeProcess();
    const { lines, logger } = capture();
    installProcessGuards(logger, proc);
    proc.emit('uncaughtException', new RangeError('boom'), 'uncaughtException');
    await new Promise((r) => setImmediate(r));
    expect(lines[0]).toMatchObject({ level: 60, origin: 'uncaughtException', err: { type: 'RangeError', message: 'boom' } });
    expect(exits).toEqual([1]);
  });
});
