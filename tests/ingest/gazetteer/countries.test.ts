import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { countryEntries, pluralOf, renderCountriesYaml, type WorldCountry } from '../../../src/ingest/gazetteer/countries.js';
import { checkGazetteerFile } from '../../../src/ingest/data-files.js';
import { mergeCountries } from '../../../src/ingest/gazetteer/generated.js';

const require = createRequire(import.meta.url);
const records = JSON.parse(readFileSync(require.resolve('world-countries/countries.json'), 'utf8')) as WorldCountry[];

describe('countries generated from world-countries', () => {
  const entries = countryEntries(records);
  const byId = new Map(entries.map((e) => [e.id, e]));

  it('covers every ISO 3166-1 alpha-3 code the package has, with region and subregion', () => {
    expect(entries.length).toBe(records.filter((r) => /^[A-Z]{3}$/.test(r.cca3)).length);
    expect(byId.get('VNM')).toMatchObject({ name: 'Vietnam', region: 'Asia', subregion: 'South-Eastern Asia' });
    expect(byId.get('GHA')!.aliases).toEqual(expect.arrayContaining(['Ghanaian', 'Ghanaians', 'Republic of Ghana']));
  });

  it('keeps an alias two countries share only for the independent one, and drops unsafe spellings', () => {
    expect(byId.get('IND')!.aliases).toContain('Indian');
    for (const e of entries) for (const a of e.aliases) expect(a).not.toMatch(/^[A-Z]{1,2}$/);
    const owners = new Map<string, string[]>();
    for (const e of entries) for (const a of e.aliases) owners.set(a, [...(owners.get(a) ?? []), e.id]);
    for (const [alias, ids] of owners) expect(ids, alias).toHaveLength(1);
  });

  it('pluralises demonyms that take an s', () => {
    expect(pluralOf('Kenyan')).toBe('Kenyans');
    expect(pluralOf('South Korean')).toBe('South Koreans');
    expect(pluralOf('Chinese')).toBeUndefined();
  });

  it('the committed data/countries.generated.yaml is what the generator writes', () => {
    const committed = readFileSync('data/countries.generated.yaml', 'utf8');
    const version = (JSON.parse(readFileSync(require.resolve('world-countries/package.json'), 'utf8')) as { version: string }).version;
    expect(renderCountriesYaml(entries, `world-countries ${version}`)).toBe(committed);
    expect((parse(committed) as { countries: unknown[] }).countries).toHaveLength(entries.length);
  });
});

describe('the merged gazetteer', () => {
  it('hand-written entries win over generated ones and add short forms', () => {
    const merged = mergeCountries(
      [
        { id: 'HKG', kind: 'country', name: 'Hong Kong', aliases: [] },
        { id: 'USA', kind: 'country', name: 'United States', aliases: ['USA'] },
      ],
      [{ id: 'hong-kong', kind: 'place', name: 'Hong Kong', aliases: [], country: 'CHN' }],
      { USA: ['US'] },
    );
    expect(merged.map((e) => e.id)).toEqual(['USA', 'hong-kong']);
    expect(merged[0]!.aliases).toEqual(['USA', 'US']);
  });

  it('data/ loads with every country, bloc and the regions of each country', () => {
    const { value, problems } = checkGazetteerFile('data');
    expect(problems).toEqual([]);
    const countries = value.entities.filter((e) => e.kind === 'country');
    expect(countries.length).toBeGreaterThanOrEqual(245);
    for (const bloc of ['european-union', 'eac', 'asean', 'african-union', 'ecowas', 'mercosur']) {
      expect(value.entities.some((e) => e.id === bloc), bloc).toBe(true);
    }
    expect(value.regions['KEN']).toEqual({ region: 'Africa', subregion: 'Eastern Africa' });
    expect(value.entities.find((e) => e.id === 'USA')!.aliases).toEqual(expect.arrayContaining(['US', 'American']));
  });
});
