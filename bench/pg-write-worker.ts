/**
 * bench:load's PostgreSQL writer, on a thread of its own: generating and validating 1M facts
 * blocks a thread for many seconds, and on the bench's own thread that block was counted as a
 * slow /healthz answer of the bot (measured: an 11 s "answer" at the write's first poll, while
 * the bot's own loop never stalled past 0.3 s).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PostgresFactStore } from '../src/factbase/pg-store.js';
import { generate } from './synthetic.js';

const { url, size } = workerData as { url: string; size: number };
const store = await PostgresFactStore.open({ kind: 'postgres', url });
try {
  const data = generate(size, 10, 1).data;
  parentPort!.postMessage({ type: 'generated' });
  const t0 = performance.now();
  await store.write(data);
  parentPort!.postMessage({ type: 'committed', writeMs: performance.now() - t0 });
} finally {
  await store.close();
}
