import { describe, expect, it } from 'vitest';
import { ingestReads } from '../../src/ingest/languages.js';

describe('ingestReads', () => {
  it('reads English in any region, and nothing else', () => {
    for (const tag of ['en', 'en-GB', 'EN-au', 'en-CA']) expect(ingestReads(tag), tag).toBe(true);
    for (const tag of ['fr', 'sw', 'eng', 'und', 'es-419', 'enx']) expect(ingestReads(tag), tag).toBe(false);
  });
});
