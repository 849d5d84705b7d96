import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { Corpus } from '../brief/corpus.js';
import { BriefbotError } from '../errors.js';
import { FactBase } from '../factbase/factbase.js';
import type { Fact, FactBaseData } from '../factbase/schema.js';
import { unpackSearchIndex } from '../search/index-transfer.js';
import { searcherOverIndex } from '../search/searcher.js';
import type { FromWorker, ToWorker, WorkerInput } from './worker-protocol.js';

export const WORKER_LOAD_DEFAULTS = {
  /**
   * Facts per message. Parsing 250 facts' JSON takes ~2-4 ms on a shared 2-core machine, so the
   * main thread keeps answering between slices; one structured clone of 100k facts took 2.3 s.
   */
  chunkFacts: 250,
} as const;

export interface WorkerLoadOptions {
  chunkFacts?: number;
}

/**
 * Loads a fact base file into a Corpus with the slow parts in a worker thread: reading, JSON
 * parsing, zod validation and building the search index (seconds at 100k facts). The main thread
 * only takes the result over, a slice at a time, yielding to the event loop between slices, so
 * requests keep being answered while a large fact base loads. Rejects with the worker's
 * BriefbotError (FACTBASE_*) for a file that does not validate.
 */
export function loadCorpusInWorker(file: string, options: WorkerLoadOptions = {}): Promise<Corpus> {
  const input: WorkerInput = { file, chunkFacts: options.chunkFacts ?? WORKER_LOAD_DEFAULTS.chunkFacts };
  const worker = new Worker(workerUrl(), { workerData: input });
  return new Promise<Corpus>((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | undefined, corpus?: Corpus) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (err) reject(err);
      else resolve(corpus!);
    };
    let head: Extract<FromWorker, { type: 'head' }> | undefined;
    const facts: Fact[] = [];
    const byId = new Map<string, Fact>();
    const ask = () => worker.postMessage({ type: 'next' } satisfies ToWorker);

    worker.on('message', (m: FromWorker) => {
      if (settled) return;
      try {
        if (m.type === 'error') {
          finish('code' in m ? new BriefbotError(m.code, m.params as never) : new Error(`fact base worker failed: ${m.message}`));
        } else if (m.type === 'head') {
          head = m;
          ask();
        } else if (m.type === 'facts') {
          for (const f of JSON.parse(m.json) as Fact[]) {
            facts.push(f);
            byId.set(f.id, f);
          }
          // Let pending requests run before the next slice is parsed.
          void yieldToEventLoop().then(ask);
        } else if (head) {
          finish(undefined, assemble(head, facts, byId));
        } else {
          finish(new Error('fact base worker finished without a result'));
        }
      } catch (err) {
        finish(err instanceof Error ? err : new Error(String(err)));
      }
    });
    worker.on('error', (err) => finish(err));
    worker.on('exit', (code) => finish(new Error(`fact base worker exited (code ${code}) before it finished`)));
  });
}

function assemble(head: Extract<FromWorker, { type: 'head' }>, facts: Fact[], byId: Map<string, Fact>): Corpus {
  if (facts.length !== head.factCount) throw new Error(`fact base worker sent ${facts.length} of ${head.factCount} facts`);
  const data: FactBaseData = { ...head.rest, facts };
  const fb = new FactBase(data, byId);
  return { fb, searcher: searcherOverIndex(fb, unpackSearchIndex(head.index, facts)) };
}

/** The worker entry beside this module: load-worker.js when built, load-worker.ts when run from source (tests). */
function workerUrl(): URL {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./load-worker${ext}`, import.meta.url);
}


