/**
 * `node dist/bench/factbase-gaps.js [factbase.json]`: how many facts carry no country (neither named
 * nor from context) and how many quotations have no speaker — the two gaps issue 9 measures.
 * A "quotation" is any text in quotation marks of 12 characters or more, scare quotes included.
 */
import { readFileSync } from 'node:fs';
import type { FactBaseData } from '../src/factbase/schema.js';

const file = process.argv[2] ?? 'data/factbase.json';
const fb = JSON.parse(readFileSync(file, 'utf8')) as FactBaseData;
const countries = new Set(fb.entities.filter((e) => e.kind === 'country').map((e) => e.id));
const carried = (f: FactBaseData['facts'][number]): string[] => [...f.entities, ...(f.context ?? []).map((c) => c.id)];
const noCountry = fb.facts.filter((f) => !carried(f).some((id) => countries.has(id)));
const quotes = fb.facts.filter((f) => /[“"][^”"]{12,}[”"]/u.test(f.text));
const noSpeaker = quotes.filter((f) => f.speaker === undefined);
process.stdout.write(`${file}: ${fb.facts.length} facts, ${noCountry.length} with no country; ${quotes.length} quotations, ${noSpeaker.length} with no speaker\n`);
for (const f of noCountry) process.stdout.write(`  no country: ${f.text.slice(0, 100)}\n`);
for (const f of noSpeaker) process.stdout.write(`  no speaker: ${f.text.slice(0, 100)}\n`);
