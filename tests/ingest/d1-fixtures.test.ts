import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Fact, FactBaseData } from '../../src/factbase/schema.js';
import { readArticles } from '../../src/ingest/article.js';
import { buildFactBaseWithReport, type BuildReport } from '../../src/ingest/build.js';
import { explainFacts } from '../../src/cli/explain-facts.js';
import { silentLogger } from '../../src/logger.js';

const FIXTURES = 'tests/fixtures/articles';
const NOW = new Date('2026-01-01T06:00:00.000Z');
const dirs: string[] = [];

/** A data dir with the real gazetteer, topics and rates and the given article files. */
function dataDirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-d1-'));
  dirs.push(dir);
  for (const f of ['entities.yaml', 'countries.generated.yaml', 'topics.yaml', 'rates.yaml', 'synonyms.yaml']) cpSync(join('data', f), join(dir, f));
  mkdirSync(join(dir, 'articles'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'articles', name), text);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Each article on its own: what is checked here is its entities and speakers, not cross-article merging. */
function buildOne(file: string): BuildReport {
  return buildFactBaseWithReport({ dataDir: dataDirWith({ [file]: readFileSync(join(FIXTURES, file), 'utf8') }), now: NOW, logger: silentLogger() });
}

function finder(data: FactBaseData): (re: RegExp) => Fact {
  return (re) => {
    const f = data.facts.find((x) => re.test(x.text));
    if (!f) throw new Error(`no fact matches ${re}`);
    return f;
  };
}
const carried = (f: Fact): string[] => [...f.entities, ...f.context.map((c) => c.id)];
const via = (f: Fact, id: string): string | undefined => f.context.find((c) => c.id === id)?.via;

describe('d1 fixture articles: entities, context and speakers', () => {
  it('wire (Ghana–Vietnam): titled unknown people, "she", "the document", "the west African nation", "the two sides"', () => {
    const { data } = buildOne('d1-tradewire-2025-03-04-ghana-vietnam-cashew.md');
    const find = finder(data);
    const entity = (id: string) => data.entities.find((e) => e.id === id);
    expect(entity('abena-owusu-darko')).toMatchObject({ kind: 'person', discovered: true, country: 'GHA', role: 'Minister for Trade and Industry' });
    expect(entity('tran-quoc-hung')).toMatchObject({ kind: 'person', discovered: true, country: 'VNM' });
    expect(entity('cashew-value-chain-financing-facility')?.aliases).toContain('CVCFF');
    expect(find(/^"For twenty years/).speaker).toBe('abena-owusu-darko');
    expect(find(/^"That ends with this agreement/).speaker).toBe('abena-owusu-darko');
    expect(find(/^"Our processors/).speaker).toBe('tran-quoc-hung');
    expect(via(find(/^She said the first plant/), 'abena-owusu-darko')).toBe('reference');
    expect(carried(find(/^The document sets a target/))).toEqual(expect.arrayContaining(['ghana-vietnam-cashew-processing-agreement', 'GHA', 'VNM']));
    expect(via(find(/^The west African nation/), 'GHA')).toBe('reference');
    expect(find(/^The west African nation/).context.map((c) => c.id)).not.toContain('VNM');
    expect(carried(find(/^The two sides also launched/))).toEqual(expect.arrayContaining(['GHA', 'VNM', 'cashew-value-chain-financing-facility']));
    // Named by the compound, counted for both countries inside it.
    expect(find(/signed the Ghana-Vietnam Cashew Processing Agreement/).entities).toEqual(expect.arrayContaining(['GHA', 'VNM', 'hanoi']));
  });

  it('newspaper (Chile–India): a bullet list, "the two governments", "the South American country", "he said", "the statement said"', () => {
    const { data } = buildOne('d1-santiagoherald-2025-06-12-chile-india-cepa.md');
    const find = finder(data);
    const bullets = data.facts.filter((f) => f.text.startsWith('Under the draft text, the two governments would:'));
    expect(bullets).toHaveLength(3);
    for (const b of bullets) {
      expect(b.entities).toEqual([]);
      expect(b.context).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'CHL', via: 'lead-in' }), expect.objectContaining({ id: 'IND', via: 'lead-in' })]));
    }
    expect(find(/^The two governments expect to sign the CEPA/).entities).toContain('comprehensive-economic-partnership-agreement');
    expect(via(find(/^The South American country/), 'CHL')).toBe('reference');
    expect(find(/^The South American country/).entities).not.toContain('USA');
    expect(find(/^"We are no longer talking/).speaker).toBe('javier-munoz');
    expect(find(/^"We are talking about lithium/).speaker).toBe('javier-munoz');
    expect(find(/^"We want a partner/).speaker).toBe('sunil-varma');
    expect(find(/^"Both delegations showed/).speaker).toBe('ministry-of-foreign-affairs-of-chile');
    expect(data.entities.find((e) => e.id === 'ministry-of-foreign-affairs-of-chile')).toMatchObject({ kind: 'organization', country: 'CHL', discovered: true });
  });

  it('agency (Indonesia–EU): a bloc as a party, "the Asian nation", "was quoted as saying", "she said", caveats on every fact', () => {
    const { data } = buildOne('d1-nusantara-2025-07-02-indonesia-eu-nickel.md');
    const find = finder(data);
    expect(via(find(/the Asian nation will allow/), 'IDN')).toBe('reference');
    expect(find(/^"This is a fair settlement/).speaker).toBe('budi-santoso');
    expect(find(/^"Europe needs nickel/).speaker).toBe('lena-varga');
    expect(carried(find(/^The pact would remove tariffs/))).toEqual(expect.arrayContaining(['IDN', 'european-union', 'indonesia-eu-comprehensive-economic-partnership-agreement']));
    expect(find(/^Two-way trade in goods/).context).toEqual([
      { id: 'IDN', via: 'story' },
      { id: 'european-union', via: 'story' },
    ]);
    for (const f of data.facts) expect(f.caveats).toEqual(['Agency summary of a government press release; the figures were not independently verified.']);
  });

  it('forum (Morocco–Brazil): "the two leaders", "the North African kingdom", "the Head of State", a quote never credited to the critic', () => {
    const { data } = buildOne('d1-forum-2025-09-18-morocco-brazil-fertiliser.md');
    const find = finder(data);
    expect(find(/^The two leaders discussed/).context.map((c) => c.id)).toEqual(expect.arrayContaining(['mohammed-vi', 'aziz-akhannouch']));
    expect(via(find(/^The North African kingdom/), 'MAR')).toBe('reference');
    expect(via(find(/^The Head of State welcomed/), 'mohammed-vi')).toBe('reference');
    expect(find(/^Mendes described the pact/).speaker).toBe('ricardo-mendes');
    expect(find(/^Both countries also agreed to set up the Morocco-Brazil Soil Research Centre/).entities).toEqual(
      expect.arrayContaining(['MAR', 'BRA', 'morocco-brazil-soil-research-centre']),
    );
    expect(find(/^Mendes met King/).caveats).toHaveLength(2);
  });

  it('caveats that name someone land only on the facts that carry them', () => {
    const { data } = buildOne('d1-santiagoherald-2025-06-12-chile-india-cepa.md');
    for (const f of data.facts) {
      const aboutMunoz = carried(f).includes('javier-munoz') || f.speaker === 'javier-munoz';
      expect(f.caveats.length > 0, f.text).toBe(aboutMunoz);
    }
  });

  it('every fact of every fixture names a country or carries one from context', () => {
    for (const file of readdirSync(FIXTURES).filter((f) => f.startsWith('d1-'))) {
      const { data } = buildOne(file);
      const countries = new Set(data.entities.filter((e) => e.kind === 'country').map((e) => e.id));
      for (const f of data.facts) expect(carried(f).some((id) => countries.has(id)), `${file}: ${f.text}`).toBe(true);
    }
  });
});

describe('invariants over articles made from the fixtures\' paragraphs', () => {
  const pool = readdirSync(FIXTURES)
    .filter((f) => f.startsWith('d1-'))
    .flatMap((f) => readFileSync(join(FIXTURES, f), 'utf8').split('---').slice(2).join('---').split(/\n\s*\n/u))
    .map((p) => p.trim())
    .filter((p) => p.length > 0);

  it('every entity a fact carries has a reason, the speaker has one too, and every citation is exact', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(pool, { minLength: 3, maxLength: 12 }), fc.constantFrom('Peru and Japan talk trade', 'Trade talks resume'), (paras, title) => {
        const body = paras.join('\n\n') + '\n';
        const file = `---\nid: prop-article\ntitle: ${title}\npublisher: Prop Wire\npublisherKind: wire\npublished: 2025-05-05\nurl: https://prop.example.com/a\nlanguage: en\n---\n${body}`;
        const dir = dataDirWith({ 'prop-article.md': file });
        const report = buildFactBaseWithReport({ dataDir: dir, now: NOW, logger: silentLogger() });
        const stored = readArticles(dir)[0]!.body;
        for (const f of report.data.facts) {
          const why = report.explained.get(f.id)!;
          for (const id of f.entities) expect(why.entities.some((r) => r.id === id && r.origin === 'mention'), `${id} in ${f.text}`).toBe(true);
          for (const c of f.context) expect(why.entities.some((r) => r.id === c.id && r.origin === c.via), `${c.id} in ${f.text}`).toBe(true);
          for (const c of f.context) expect(f.entities).not.toContain(c.id);
          if (f.speaker !== undefined) expect(why.speaker?.id).toBe(f.speaker);
          const ids = new Set(report.data.entities.map((e) => e.id));
          for (const id of carried(f)) expect(ids.has(id), id).toBe(true);
          for (const c of f.citations) expect(stored.slice(c.start, c.end)).toBe(c.quote);
        }
        expect(explainFacts(report).some((l) => l.includes('(no reason recorded)'))).toBe(false);
      }),
      { numRuns: 15 },
    );
  });
});
