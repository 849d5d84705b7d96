import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, for the load worker only (see load-worker.ts): V8 offers no other way
 * to ask for one, and a worker cannot be started with V8 flags. `--expose-gc` set at run time
 * installs `gc` in contexts made afterwards; the worker's own globals and the main thread's are
 * untouched. Undefined where the flag is refused: the load then works as before, only with a
 * higher peak.
 */
export function workerGarbageCollector(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? () => (gc as () => void)() : undefined;
  } catch {
    return undefined;
  }
}
