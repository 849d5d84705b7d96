import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalOrder } from '../../src/factbase/changes.js';
import { validateFactBase } from '../../src/factbase/load.js';
import { PostgresFactStore } from '../../src/factbase/pg-store.js';
import { baseData, dataWithNewArticle } from '../fixtures/digest/corpus.js';
import { pgUrl } from './engines.js';

// Reads go in keyset batches inside one snapshot; a batch far smaller than the base must give
// exactly what one batch gives (no fact twice, none lost at a batch edge).
describe.skipIf(!pgUrl)('PostgreSQL fact store reads in batches', () => {
  const schema = `fsb_${randomBytes(6).toString('hex')}`;
  const opened: PostgresFactStore[] = [];
  const open = async (readBatch?: number) => {
    const s = await PostgresFactStore.open({ kind: 'postgres', url: pgUrl!, schema }, readBatch === undefined ? {} : { readBatch });
    opened.push(s);
    return s;
  };
  afterAll(async () => {
    for (const s of opened) await s.close();
    const c = new pg.Client({ connectionString: pgUrl! });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  });

  it('batches of 1, 2, 3 and 7 read the same facts, citations and links as one batch, and the same changes', async () => {
    const whole = await open();
    const v1 = await whole.write(baseData());
    const expected = await whole.read();
    expect(canonicalOrder(expected.data)).toEqual(canonicalOrder(validateFactBase(baseData(), 'test')));
    const smalls = await Promise.all([1, 2, 3, 7].map((n) => open(n)));
    expect(baseData().facts.length).toBeGreaterThan(7);
    for (const small of smalls) expect(await small.read()).toEqual(expected);
    await whole.write(dataWithNewArticle());
    const changes = await whole.changesSince(v1);
    expect(changes?.facts.upsert.length).toBeGreaterThan(0);
    for (const small of smalls) expect(await small.changesSince(v1)).toEqual(changes);
  });
});
