import type { CountryRegion } from '../gazetteer/generated.js';

/**
 * What a description of a country ("the east African nation", "the Asian nation") says about
 * where it lies, in the generated gazetteer's region and subregion names. Longest phrase first,
 * so "southeast asian" wins over "asian".
 */
const DESCRIPTORS: [string, (r: CountryRegion) => boolean][] = (
  [
    ['east african', { subregion: 'Eastern Africa' }],
    ['eastern african', { subregion: 'Eastern Africa' }],
    ['west african', { subregion: 'Western Africa' }],
    ['north african', { subregion: 'Northern Africa' }],
    ['southern african', { subregion: 'Southern Africa' }],
    ['central african', { subregion: 'Middle Africa' }],
    ['african', { region: 'Africa' }],
    ['southeast asian', { subregion: 'South-Eastern Asia' }],
    ['south east asian', { subregion: 'South-Eastern Asia' }],
    ['south asian', { subregion: 'Southern Asia' }],
    ['east asian', { subregion: 'Eastern Asia' }],
    ['central asian', { subregion: 'Central Asia' }],
    ['middle eastern', { subregion: 'Western Asia' }],
    ['gulf', { subregion: 'Western Asia' }],
    ['asian', { region: 'Asia' }],
    ['eastern european', { subregion: 'Eastern Europe' }],
    ['western european', { subregion: 'Western Europe' }],
    ['southern european', { subregion: 'Southern Europe' }],
    ['nordic', { subregion: 'Northern Europe' }],
    ['scandinavian', { subregion: 'Northern Europe' }],
    ['baltic', { subregion: 'Northern Europe' }],
    ['european', { region: 'Europe' }],
    ['south american', { subregion: 'South America' }],
    ['andean', { subregion: 'South America' }],
    ['central american', { subregion: 'Central America' }],
    ['north american', { subregion: 'North America' }],
    ['caribbean', { subregion: 'Caribbean' }],
    ['latin american', { region: 'Americas', notSubregion: 'North America' }],
    ['pacific', { region: 'Oceania' }],
  ] as [string, CountryRegion & { notSubregion?: string }][]
).map(([phrase, want]) => [
  phrase,
  (r: CountryRegion): boolean =>
    (want.region === undefined || r.region === want.region) &&
    (want.subregion === undefined || r.subregion === want.subregion) &&
    (want.notSubregion === undefined || r.subregion !== want.notSubregion),
]);

/** A test for the countries a description fits, and the words that said so; undefined when it names no region. */
export function regionFilter(description: string): { phrase: string; fits: (r: CountryRegion) => boolean } | undefined {
  const d = ` ${description.toLowerCase().replace(/-/g, ' ').replace(/\s+/g, ' ').trim()} `;
  for (const [phrase, fits] of DESCRIPTORS) if (d.includes(` ${phrase} `)) return { phrase, fits };
  return undefined;
}
