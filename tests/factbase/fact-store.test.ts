import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { applyChanges, canonicalOrder } from '../../src/factbase/changes.js';
import type { FactStore } from '../../src/factbase/fact-store.js';
import { validateFactBase } from '../../src/factbase/load.js';
import type { FactBaseData } from '../../src/factbase/schema.js';
import { isBriefbotError } from '../../src/errors.js';
import { baseData, BASE_FIRST_SEEN, dataWithNewArticle, NEW_FIRST_SEEN } from '../fixtures/digest/corpus.js';
import { describeEachFactStore, type FactStoreEngine } from './engines.js';

const normal = (d: FactBaseData) => canonicalOrder(validateFactBase(d, 'test'));

describeEachFactStore('fact store', (makeEngine) => {
  let engine: FactStoreEngine;
  const opened: FactStore[] = [];
  const open = async () => {
    const s = await engine.open();
    opened.push(s);
    return s;
  };
  beforeEach(() => {
    engine = makeEngine();
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    await engine.cleanup();
  });

  it('reads back what was written, and a new write is a new version', async () => {
    const store = await open();
    const v1 = await store.write(baseData());
    expect(v1).not.toBe('');
    const first = await store.read();
    expect(first.version).toBe(v1);
    expect(canonicalOrder(first.data)).toEqual(normal(baseData()));
    const v2 = await store.write(dataWithNewArticle());
    expect(v2).not.toBe(v1);
    expect(await store.version()).toBe(v2);
    const second = await store.read();
    expect(second.data.facts.map((f) => f.id).sort()).toEqual(dataWithNewArticle().facts.map((f) => f.id).sort());
    // Another handle on the same store reads the same version.
    const other = await open();
    expect(await other.read()).toEqual(second);
  });

  it('keeps the firstSeen of a fact it already holds, whatever a later write says', async () => {
    const store = await open();
    await store.write(baseData());
    const next = dataWithNewArticle();
    const kept = next.facts[0]!;
    next.facts[0] = { ...kept, firstSeen: NEW_FIRST_SEEN, caveats: ['a caveat added later'] };
    await store.write(next);
    const read = (await store.read()).data;
    const fact = read.facts.find((f) => f.id === kept.id)!;
    expect(fact.caveats).toEqual(['a caveat added later']);
    expect(fact.firstSeen).toBe(BASE_FIRST_SEEN);
  });

  it('refuses a write made against an older version (FACTSTORE_CONFLICT) and keeps the newer one', async () => {
    const a = await open();
    const b = await open();
    const v1 = await a.write(baseData());
    await b.write(dataWithNewArticle(), { expectedVersion: v1 });
    const err = await a.write(baseData(), { expectedVersion: v1 }).catch((e: unknown) => e);
    expect(isBriefbotError(err, 'FACTSTORE_CONFLICT')).toBe(true);
    expect((await a.read()).data.facts).toHaveLength(dataWithNewArticle().facts.length);
  });

  it('a write that fails part-way leaves the previous version whole', async () => {
    const store = await open();
    const v1 = await store.write(baseData());
    await engine.poison();
    const next = dataWithNewArticle();
    // The last fact's citation trips the constraint after the other new rows went in.
    const last = next.facts.at(-1)!;
    last.citations[0] = { ...last.citations[0]!, quote: 'POISON', end: last.citations[0]!.start + 'POISON'.length };
    const err = await store.write(next).catch((e: unknown) => e);
    expect(isBriefbotError(err, 'FACTSTORE_WRITE_FAILED')).toBe(true);
    expect((err as Error).message).toContain('previous version still serves');
    expect(await store.version()).toBe(v1);
    const read = await store.read();
    expect(read.version).toBe(v1);
    expect(canonicalOrder(read.data)).toEqual(normal(baseData()));
    const changes = await store.changesSince(v1);
    if (changes) expect(changes.facts.upsert).toEqual([]);
  });

  it('tells another instance when the fact base changed', async () => {
    const writer = await open();
    await writer.write(baseData());
    const follower = await open();
    const before = await follower.version();
    const seen: string[] = [];
    const stop = follower.watch(() => void follower.version().then((v) => seen.push(v)));
    try {
      // PostgreSQL: the follower is told once when its LISTEN is in place (to catch up on what it missed).
      if (engine.name === 'postgres') await vi.waitFor(() => expect(seen).toContain(before), { timeout: 10_000, interval: 25 });
      const v2 = await writer.write(dataWithNewArticle());
      await vi.waitFor(() => expect(seen).toContain(v2), { timeout: 10_000, interval: 25 });
    } finally {
      stop();
    }
  });
});

describeEachFactStore('fact store changes', (makeEngine) => {
  let engine: FactStoreEngine;
  let store: FactStore;
  beforeEach(async () => {
    engine = makeEngine();
    store = await engine.open();
  });
  afterEach(async () => {
    await store.close();
    await engine.cleanup();
  });

  it('changesSince gives exactly what changed (upserts, deletions as tombstones), or undefined when it cannot tell', async () => {
    const v1 = await store.write(baseData());
    const old = await store.read();
    const next = dataWithNewArticle();
    const removed = next.facts.shift()!;
    next.entities = next.entities.map((e) => (e.id === 'KEN' ? { ...e, aliases: [...e.aliases, 'Jamhuri'] } : e));
    const v2 = await store.write(next);
    const changes = await store.changesSince(v1);
    if (engine.name === 'file') {
      expect(changes).toBeUndefined();
      return;
    }
    expect(changes).toBeDefined();
    expect(changes!.from).toBe(v1);
    expect(changes!.to).toBe(v2);
    expect(changes!.articles.upsert.map((a) => a.id)).toEqual(['agency-2025-12-02-tariffs']);
    expect(changes!.entities.upsert.map((e) => e.id)).toEqual(['KEN']);
    expect(changes!.facts.upsert.map((f) => f.id).sort()).toEqual(['f_aaaaaaaaaaa1', 'f_aaaaaaaaaaa2', 'f_aaaaaaaaaaa3']);
    expect(changes!.facts.delete).toEqual([removed.id]);
    expect(changes!.topics).toEqual({ upsert: [], delete: [] });
    // Applied to the old version, the changes give the new one.
    expect(applyChanges(old.data, changes!)).toEqual((await store.read()).data);
    // Nothing after the newest version; an unknown version is read whole.
    expect(await store.changesSince(v2)).toMatchObject({ facts: { upsert: [], delete: [] } });
    expect(await store.changesSince('999999')).toBeUndefined();
    expect(await store.changesSince('not-a-version')).toBeUndefined();
    // A write of the same fact base is no new version.
    expect(await store.write(next)).toBe(v2);
  });

  it('a firstSeen later than the store clock is not kept (PostgreSQL: the database clock; file: as written)', async () => {
    if (engine.name !== 'postgres') return;
    const data = baseData();
    data.facts[0]!.firstSeen = '2099-01-01T00:00:00.000Z';
    await store.write(data);
    const fact = (await store.read()).data.facts.find((f) => f.id === data.facts[0]!.id)!;
    // The database and this process share a host: its clock is within a minute of ours.
    expect(Math.abs(Date.parse(fact.firstSeen) - Date.now())).toBeLessThan(60_000);
  });

  it('two writers at once: each write lands whole, one after the other', async () => {
    const other = await engine.open();
    try {
      const seed = await store.write(baseData());
      const a = dataWithNewArticle();
      const b = baseData();
      b.facts = b.facts.slice(1);
      const [va, vb] = await Promise.all([store.write(a), other.write(b)]);
      expect(va).not.toBe(vb);
      expect([va, vb]).not.toContain(seed);
      const read = await store.read();
      expect(read.version).toBe(await store.version());
      const expected = engine.name === 'postgres' ? (BigInt(va) > BigInt(vb) ? a : b) : undefined;
      if (expected) expect(read.data.facts.map((f) => f.id).sort()).toEqual(expected.facts.map((f) => f.id).sort());
      else expect([a.facts.length, b.facts.length]).toContain(read.data.facts.length);
    } finally {
      await other.close();
    }
  });
});
