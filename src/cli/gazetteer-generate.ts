import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { countryEntries, renderCountriesYaml, type WorldCountry } from '../ingest/gazetteer/countries.js';

/**
 * `npm run gazetteer`: regenerates <DATA_DIR>/countries.generated.yaml from the world-countries
 * package (a dev dependency: the generated file is committed, so the bot never needs it).
 */
const require = createRequire(import.meta.url);
const records = JSON.parse(readFileSync(require.resolve('world-countries/countries.json'), 'utf8')) as WorldCountry[];
const pkg = JSON.parse(readFileSync(require.resolve('world-countries/package.json'), 'utf8')) as { version: string };
const out = join(process.env['DATA_DIR'] ?? 'data', 'countries.generated.yaml');
const entries = countryEntries(records);
writeFileSync(out, renderCountriesYaml(entries, `world-countries ${pkg.version}`));
process.stdout.write(`Wrote ${out}: ${entries.length} countries and territories.\n`);
