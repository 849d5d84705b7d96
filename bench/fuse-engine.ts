import Fuse from 'fuse.js';
import type { Fact } from '../src/factbase/schema.js';

/** The baseline: plain fuse.js over whole fact texts (location ignored, else it only looks near the start). */
export function createFuseEngine(facts: readonly Fact[]): { search(q: string, limit: number): string[] } {
  const fuse = new Fuse(facts, { keys: ['text'], ignoreLocation: true });
  return { search: (q, limit) => fuse.search(q, { limit }).map((r) => r.item.id) };
}
