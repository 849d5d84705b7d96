import { describe, expect, it } from 'vitest';
import { discoverNames, slugOf } from '../../../src/ingest/discover/discover.js';
import { definedAcronyms, headedNames, titledPeople } from '../../../src/ingest/discover/patterns.js';
import { ArticleNames } from '../../../src/ingest/discover/article-names.js';
import { matcher } from '../context/helpers.js';

describe('names the gazetteer does not know', () => {
  it('title + capitalised name, with the title as the role and the country from its lead', () => {
    const [p] = titledPeople("Zambia's Cabinet Secretary for Trade Jane Mwila opened the fair.");
    expect(p).toMatchObject({ name: 'Jane Mwila', role: 'Cabinet Secretary for Trade', roleLead: "Zambia's" });
    const [d] = discoverNames(["Zambia's Cabinet Secretary for Trade Jane Mwila opened the fair."], matcher);
    expect(d!.entity).toMatchObject({ id: 'jane-mwila', kind: 'person', country: 'ZMB', discovered: true });
    expect(d!.entity.aliases).toContain('Mwila');
  });

  it('"said X" and "X, the minister of …"', () => {
    const found = discoverNames(
      ['"We are ready," said Olusegun Adeyemi.', 'Maria Santos, the deputy minister of finance, said talks were over.'],
      matcher,
    ).map((d) => d.entity.id);
    expect(found).toEqual(expect.arrayContaining(['olusegun-adeyemi', 'maria-santos']));
  });

  it('acronyms defined in parentheses become aliases', () => {
    const [c] = definedAcronyms('The plan is run by the Regional Trade Facilitation Programme (RTFP) in Lusaka.');
    expect(c).toMatchObject({ name: 'Regional Trade Facilitation Programme', acronym: 'RTFP', kind: 'programme' });
  });

  it('a name right before "$" is a currency prefix, not the place (US$)', () => {
    expect(matcher.find('Exporters expect US$60 million this year.').map((m) => m.entityId)).not.toContain('USA');
    expect(matcher.find('Exporters expect US$60 million; the US market is next.').map((m) => m.entityId)).toContain('USA');
  });

  it('an acronym of another language names the whole run, never the one word that starts with its letter', () => {
    const [c] = definedAcronyms('Exports fell, according to the National Meat Institute (INAC) in Montevideo.');
    expect(c).toMatchObject({ name: 'National Meat Institute', acronym: 'INAC' });
    // A single word that does not spell the acronym is not a name.
    expect(definedAcronyms('The figures come from Institute (INAC) data.')).toEqual([]);
  });

  it('organisation and agreement words; generic words and known names are not new', () => {
    expect(headedNames('Officials of the Zambia Development Agency said so.').map((c) => c.name)).toEqual(['Zambia Development Agency']);
    const ids = discoverNames(['They signed a Memorandum of Understanding (MoU) with the African Union and the World Bank.'], matcher).map((d) => d.entity.id);
    expect(ids).toEqual([]);
  });

  it('a compound name never swallows the names inside it', () => {
    const found = discoverNames(['The Malawi-Brazil Cotton Research Council met in Lilongwe.'], matcher);
    const names = new ArticleNames(matcher, found.map((d) => d.entity));
    const ids = names.find('The Malawi-Brazil Cotton Research Council met in Lilongwe.').map((m) => m.entityId);
    expect(ids).toEqual(expect.arrayContaining(['malawi-brazil-cotton-research-council', 'MWI', 'BRA', 'lilongwe']));
    expect(matcher.find('the Malaysia-Kenya Digital Trade Council').map((m) => m.entityId)).toEqual(
      expect.arrayContaining(['malaysia-kenya-digital-trade-council', 'MYS', 'KEN']),
    );
    // A region's name holds no country: "South American" is not the US.
    expect(matcher.find('a South American exporter').map((m) => m.entityId)).toEqual(['south-america']);
  });

  it('ids are stable slugs', () => {
    expect(slugOf('Javier Muñoz')).toBe('javier-munoz');
    expect(slugOf('Ghana-Vietnam Cashew Processing Agreement')).toBe('ghana-vietnam-cashew-processing-agreement');
  });
});
