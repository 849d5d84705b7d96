import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { factBaseFileProblems } from '../factbase/streamed-load.js';
import { articleProblems } from './check-article.js';
import { checkGazetteerFile, checkRatesFile, checkTopicsFile } from '../ingest/data-files.js';

export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description('Validate the articles, gazetteer, topics, rates and factbase.json; list every problem')
    .action(async () => {
      const { DATA_DIR } = loadConfig(process.env);
      const problems = await checkData(DATA_DIR);
      for (const p of problems) process.stdout.write(`${p}\n`);
      process.stdout.write(problems.length === 0 ? `${DATA_DIR}: all data files are valid.\n` : `${problems.length} problems.\n`);
      process.exitCode = problems.length === 0 ? 0 : 1;
    });
}

/** Every problem in the data directory, one line each, naming file, record and field. */
export async function checkData(dataDir: string): Promise<string[]> {
  const out: string[] = [];
  const line = (p: { file: string; record: string; field: string; problem: string }): string =>
    `${p.file}: ${p.record}, field ${p.field}: ${p.problem}`;
  out.push(...checkGazetteerFile(dataDir).problems.map(line));
  out.push(...checkTopicsFile(dataDir).problems.map(line));
  out.push(...checkRatesFile(dataDir).problems.map(line));
  const dir = join(dataDir, 'articles');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.md')).sort() : [];
  if (files.length === 0) out.push(`${dir}: no articles (*.md) found`);
  for (const f of files) out.push(...articleProblems(join(dir, f)));
  out.push(...(await factBaseFileProblems(join(dataDir, 'factbase.json'))));
  return out;
}
