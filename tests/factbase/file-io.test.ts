import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFactBaseFile, writeFactBaseFile } from '../../src/factbase/file-io.js';
import { loadFactBaseFile } from '../../src/factbase/load.js';
import type { FactBaseData } from '../../src/factbase/schema.js';
import { factBaseFileProblems } from '../../src/factbase/streamed-load.js';
import { serializeFactBase } from '../../src/ingest/build.js';
import { bigFactBase, seedFactBase } from '../fixtures/factbase/big.js';

const dir = mkdtempSync(join(tmpdir(), 'briefbot-file-io-'));
let n = 0;
const tmpFile = (): string => join(dir, `fb-${n++}.json`);

const refusal = async (file: string): Promise<string> => {
  try {
    await readFactBaseFile(file);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the fact base to be refused');
};

describe('the fact base file, streamed', () => {
  it('writes the committed fact base byte for byte as before, and reads it as the old reader does', async () => {
    const file = tmpFile();
    await writeFactBaseFile(file, seedFactBase());
    expect(readFileSync(file, 'utf8')).toBe(readFileSync('data/factbase.json', 'utf8'));
    expect(await readFactBaseFile('data/factbase.json')).toEqual(loadFactBaseFile('data/factbase.json'));
  });

  it('round-trips generated fact bases: same bytes as serializeFactBase, same result as the old reader', async () => {
    const seed = seedFactBase();
    // Strings that could confuse a line reader: newlines, quotes, backslashes, braces at record indent.
    const text = fc.oneof(
      fc.string({ minLength: 1, unit: 'binary' }),
      fc.constantFrom('line\n    }\n', '    },', '"\\', '\u2028\u2029', 'é — ü 漢字 😀', '  ]', '}'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(seed.facts.map((_, i) => i)),
        fc.array(text, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        async (keep, texts, noTopics) => {
          const data: FactBaseData = {
            ...structuredClone(seed),
            topics: noTopics ? [] : structuredClone(seed.topics),
            facts: keep.map((i, j) => {
              const f = structuredClone(seed.facts[i]!);
              return { ...f, text: texts[j % texts.length]!, topics: noTopics ? [] : f.topics, caveats: texts.slice(0, j % 3) };
            }),
          };
          data.entities[0] = { ...data.entities[0]!, aliases: texts };
          const file = tmpFile();
          await writeFactBaseFile(file, data);
          expect(readFileSync(file, 'utf8')).toBe(serializeFactBase(data));
          expect(await readFactBaseFile(file)).toEqual(loadFactBaseFile(file));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('names the file, the record and the field of a broken record deep in a big file', async () => {
    const data = bigFactBase(20_000);
    const broken = data.facts[17_321]!;
    (broken.citations[0] as { url: unknown }).url = 42;
    const file = tmpFile();
    await writeFactBaseFile(file, data);
    expect(await refusal(file)).toMatch(new RegExp(`^${file.replace(/[.\\/]/g, '\\$&')}: fact ${broken.id}, field citations\\.0\\.url: `));
  });

  it('names the record of a JSON error deep in a big file', async () => {
    const file = tmpFile();
    await writeFactBaseFile(file, bigFactBase(5_000));
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('"firstSeen"', text.indexOf('"f_0000000000000f9f"'));
    writeFileSync(file, `${text.slice(0, at)}"firstSeen" ${text.slice(at + '"firstSeen":'.length)}`);
    expect(await refusal(file)).toMatch(/cannot be read as JSON \(fact #3999: /);
  });

  it('lists every broken record for briefbot check, and cross-record problems', async () => {
    const data = bigFactBase(3_000);
    data.facts[10]!.text = '';
    data.facts[2_500]!.firstSeen = 'yesterday';
    const file = tmpFile();
    await writeFactBaseFile(file, data);
    const problems = await factBaseFileProblems(file);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain(`fact ${data.facts[10]!.id}, field text`);
    expect(problems[1]).toContain(`fact ${data.facts[2_500]!.id}, field firstSeen`);

    data.facts[10]!.text = 'back';
    data.facts[2_500]!.firstSeen = data.facts[0]!.firstSeen;
    data.facts[2_600]!.id = data.facts[2_599]!.id;
    data.facts[2_700]!.entities = ['no-such-entity'];
    await writeFactBaseFile(file, data);
    expect(await factBaseFileProblems(file)).toEqual([
      `${file}: fact ${data.facts[2_600]!.id}, field id: duplicate fact id`,
      `${file}: fact ${data.facts[2_700]!.id}, field entities.0: unknown entity "no-such-entity"`,
    ]);
  });

  it('reads a file in another layout (minified) whole, with the old errors', async () => {
    const file = tmpFile();
    writeFileSync(file, JSON.stringify(seedFactBase()));
    expect(await readFactBaseFile(file)).toEqual(loadFactBaseFile('data/factbase.json'));
    writeFileSync(file, JSON.stringify({ ...seedFactBase(), formatVersion: 7 }));
    expect(await refusal(file)).toMatch(/format version 7 is not supported/);
    writeFileSync(file, '{"formatVersion": 1,');
    expect(await refusal(file)).toMatch(/cannot be read as JSON/);
  });

  it('refuses a wrong format version, a missing member and an unknown one, as the old reader does', async () => {
    const file = tmpFile();
    await writeFactBaseFile(file, { ...seedFactBase(), formatVersion: 2 as 1 });
    expect(await refusal(file)).toMatch(/format version 2 is not supported/);
    const { topics: _topics, ...noTopics } = seedFactBase();
    await writeFactBaseFile(file, noTopics as FactBaseData);
    expect(await refusal(file)).toMatch(/top level, field topics: /);
    await writeFactBaseFile(file, { ...seedFactBase(), extra: [1] } as FactBaseData);
    expect(await refusal(file)).toMatch(/top level, field \(file\): .*extra/);
    expect(await refusal(join(dir, 'none.json'))).toMatch(/fact base not found/);
  });
});
