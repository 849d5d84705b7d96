import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkData } from '../../src/cli/check.js';

// Articles in other outlets' styles, written for this test (not the seeds).
const lagosDaily = `---
id: lagos-daily-2025-13-45-ports
title: Port congestion eases in Apapa
publisher: Lagos Daily Ledger
publisherKind: news
published: 2025-13-45
url: https://ledger.example.ng/apapa-ports
language: en
---
Congestion at Apapa eased in March, the ports authority said.
`;
const brokenYaml = `---
id: andes-wire-2025-02-03-copper
title: Copper output rises
publisher: Andes Wire
publisherKind: [wire
published: 2025-02-03
---
Copper output rose.
`;

describe('briefbot check', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'briefbot-check-'));
    for (const f of ['entities.yaml', 'topics.yaml', 'rates.yaml', 'factbase.json']) cpSync(join('data', f), join(dir, f));
    mkdirSync(join(dir, 'articles'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every problem with file, record and field, and YAML errors with the file’s own line', async () => {
    writeFileSync(join(dir, 'articles', 'lagos-daily-2025-13-45-ports.md'), lagosDaily);
    writeFileSync(join(dir, 'articles', 'andes-wire-2025-02-03-copper.md'), brokenYaml);
    const fb = JSON.parse(readFileSync(join(dir, 'factbase.json'), 'utf8')) as { facts: { id: string; entities: string[]; topics: string[] }[] };
    fb.facts[0]!.entities.push('atlantis');
    fb.facts[1]!.topics.push('no-such-topic');
    writeFileSync(join(dir, 'factbase.json'), JSON.stringify(fb));

    const problems = await checkData(dir);
    const lagos = problems.filter((p) => p.includes('lagos-daily'));
    expect(lagos.some((p) => /:6: front matter field published: is not a real calendar date/.test(p))).toBe(true);
    // The YAML error is on line 5 of the file (the unclosed flow sequence).
    const andes = problems.filter((p) => p.includes('andes-wire'));
    expect(andes.length).toBeGreaterThan(0);
    expect(andes[0]).toMatch(/andes-wire-2025-02-03-copper\.md:[5-7]: front matter:/);
    // Both fact base problems, not just the first.
    expect(problems.some((p) => p.includes(`fact ${fb.facts[0]!.id}`) && p.includes('unknown entity "atlantis"'))).toBe(true);
    expect(problems.some((p) => p.includes(`fact ${fb.facts[1]!.id}`) && p.includes('unknown topic "no-such-topic"'))).toBe(true);
  });

  it('accepts a real date', async () => {
    writeFileSync(join(dir, 'articles', 'lagos-daily-2025-03-14-ports.md'), lagosDaily.replaceAll('2025-13-45', '2025-03-14'));
    expect((await checkData(dir)).filter((p) => p.includes('lagos-daily'))).toEqual([]);
  });
});
