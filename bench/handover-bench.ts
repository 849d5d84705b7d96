/**
 * `node --expose-gc dist/bench/handover-bench.js`: the main thread's part of a hot reload alone -
 * taking a packed 100k-fact corpus over a step at a time (corpusOfPartsPaced, as the worker loader
 * does) - and the longest single step, i.e. the longest event-loop turn the hand-over costs (GC
 * and the machine's own preemption included). No HTTP, so less noisy than bench:reload.
 *   BENCH_OTHER=<dist dir of another build>  measure that build too, alternating (e.g. /work/main/dist)
 *   BENCH_FACTS=100000 fact base size; BENCH_ROUNDS=5
 */
import { join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { generate } from './synthetic.js';

type CachedLoad = typeof import('../src/corpus/cached-load.js');

const SIZE = Number(process.env['BENCH_FACTS'] ?? 100_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const builds: [string, string][] = [['this build', join(import.meta.dirname, '..', 'src', 'corpus', 'cached-load.js')]];
if (process.env['BENCH_OTHER']) builds.unshift(['other build', join(process.env['BENCH_OTHER'], 'src', 'corpus', 'cached-load.js')]);

const data = generate(SIZE, 10, 1).data;
const runs: { name: string; mod: CachedLoad; parts: ReturnType<CachedLoad['buildCorpusParts']>; longest: number[] }[] = [];
for (const [name, file] of builds) {
  const mod = (await import(file)) as CachedLoad;
  runs.push({ name, mod, parts: mod.buildCorpusParts(structuredClone(data), 'off'), longest: [] });
}
for (let r = 0; r < ROUNDS; r++) {
  for (const run of runs) {
    // What the main thread receives: its own copy of the packed index and the rest (as postMessage gives it).
    const index = structuredClone(run.parts.index);
    const rest = structuredClone(run.parts.rest);
    const byId = new Map(run.parts.facts.map((f) => [f.id, f]));
    (globalThis as { gc?: () => void }).gc?.();
    const steps: number[] = [];
    let t = performance.now();
    await run.mod.corpusOfPartsPaced(rest, run.parts.facts, index, byId, async () => {
      steps.push(performance.now() - t);
      await yieldToEventLoop();
      t = performance.now();
    });
    steps.push(performance.now() - t);
    run.longest.push(Math.max(...steps));
    process.stdout.write(`${run.name} round ${r + 1}: ${steps.length} steps, longest ${Math.max(...steps).toFixed(1)} ms, total ${steps.reduce((a, b) => a + b, 0).toFixed(1)} ms\n`);
  }
}
for (const run of runs) {
  const s = [...run.longest].sort((a, b) => a - b);
  process.stdout.write(`${JSON.stringify({ bench: 'handover', build: run.name, facts: SIZE, longestStepMedianMs: s[Math.floor(s.length / 2)], longestStepMaxMs: s[s.length - 1] })}\n`);
}
