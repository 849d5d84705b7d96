import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBriefbotError } from '../../src/errors.js';
import { writeFactBaseFile } from '../../src/factbase/file-io.js';
import type { Fact, FactBaseData } from '../../src/factbase/schema.js';
import type { FactSink } from '../../src/factbase/fact-store.js';
import { streamFactBaseFile } from '../../src/factbase/streamed-load.js';
import { bigFactBase } from '../fixtures/factbase/big.js';

/** The layout briefbot writes (stream-write.ts writes the same bytes). */
const layout = (data: FactBaseData): string => `${JSON.stringify(data, null, 2)}\n`;
const fileOf = (name: string): string => join(mkdtempSync(join(tmpdir(), 'briefbot-stream-')), name);

/** A sink that keeps what it is handed, and when. */
function recorder(): FactSink & { ids: string[]; rests: number; restarts: number; atFirstDrain: number | undefined } {
  const r = {
    ids: [] as string[],
    rests: 0,
    restarts: 0,
    atFirstDrain: undefined as number | undefined,
    rest(rest: Omit<FactBaseData, 'facts'>) {
      expect(rest.articles.length).toBeGreaterThan(0);
      r.rests++;
    },
    fact(f: Fact) {
      r.ids.push(f.id);
    },
    restart() {
      r.restarts++;
      r.ids.length = 0;
    },
    drain() {
      r.atFirstDrain ??= r.ids.length;
      return undefined;
    },
  };
  return r;
}

describe('streamFactBaseFile', () => {
  it('hands each fact on while the file is still being read, in file order', async () => {
    // Several 1 MB read chunks: facts must arrive after the first chunk, long before the last.
    const data = bigFactBase(6000);
    const file = fileOf('factbase.json');
    await writeFactBaseFile(file, data);
    const sink = recorder();
    await streamFactBaseFile(file, sink);
    expect(sink.ids).toEqual(data.facts.map((f) => f.id));
    expect(sink.rests).toBe(1);
    expect(sink.atFirstDrain).toBeGreaterThan(0);
    expect(sink.atFirstDrain).toBeLessThan(data.facts.length / 2);
  });

  it('holds the facts of a file that puts them first until the rest is read, and checks them against it', async () => {
    const { facts, ...rest } = bigFactBase(50);
    const file = fileOf('factbase.json');
    writeFileSync(file, layout({ facts, ...rest } as FactBaseData));
    const sink = recorder();
    await streamFactBaseFile(file, sink);
    expect(sink.ids).toEqual(facts.map((f) => f.id));

    facts[7] = { ...facts[7]!, entities: ['no-such-entity'] };
    writeFileSync(file, layout({ facts, ...rest } as FactBaseData));
    const err = await streamFactBaseFile(file, recorder()).catch((e: unknown) => e);
    expect(isBriefbotError(err) && err.code).toBe('FACTBASE_INCONSISTENT');
    expect(String(err)).toContain(`fact ${facts[7]!.id}`);
  });

  it('names the fact that does not resolve, as read', async () => {
    const data = bigFactBase(3000);
    data.facts[2500] = { ...data.facts[2500]!, topics: ['no-such-topic'] };
    const file = fileOf('factbase.json');
    await writeFactBaseFile(file, data);
    const sink = recorder();
    const err = await streamFactBaseFile(file, sink).catch((e: unknown) => e);
    expect(isBriefbotError(err) && err.code).toBe('FACTBASE_INCONSISTENT');
    expect(String(err)).toContain(`fact ${data.facts[2500]!.id}`);
    expect(String(err)).toContain('topics.0');
    // The facts before it had gone on: the caller drops them.
    expect(sink.ids).toHaveLength(2500);
  });

  it('starts over, once, when a file on the layout leaves it only after the facts (read whole instead)', async () => {
    const data = bigFactBase(400);
    const file = fileOf('factbase.json');
    const text = layout(data);
    writeFileSync(file, text);
    const plain = recorder();
    await streamFactBaseFile(file, plain);
    expect(plain.restarts).toBe(0);
    // Still valid JSON, but the closing brace is indented: the streamed read has handed the facts on when it finds out.
    writeFileSync(file, text.replace(/\n}\n?$/, '\n  }\n'));
    const late = recorder();
    await streamFactBaseFile(file, late);
    expect(late.restarts).toBe(1);
    expect(late.ids).toEqual(data.facts.map((f) => f.id));
  });
});
