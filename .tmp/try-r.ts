import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
const html = readFileSync('/work/wt/fetch/data/sandbox-news/pages/meridian-australia-indonesia-analysis.html','utf8');
const { document } = parseHTML(html);
const r = new Readability(document as any).parse();
console.log(r?.content?.slice(0, 2500));
