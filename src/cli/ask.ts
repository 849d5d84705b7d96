import { InvalidArgumentError, type Command } from 'commander';
import { composeBrief } from '../brief/compose.js';
import { loadConfig } from '../config.js';
import { buildCorpusParts, corpusCacheDir, corpusOfParts, loadCorpusParts } from '../corpus/cached-load.js';
import type { FactStoreDescriptor } from '../factbase/fact-store.js';
import { factStoreDescriptor, openFactStore, readConfiguredFactBase } from '../factbase/open-store.js';
import { askRunningBot } from '../http/ask-endpoint.js';
import { renderBriefJson } from '../render/json.js';
import { renderBriefText } from '../render/text.js';

export const MAX_CLI_LIMIT = 100;

export function registerAskCommand(program: Command): void {
  program
    .command('ask')
    .description('Ask the fact base: prints a brief (exit 0 also when nothing matches)')
    .argument('<query>', 'words, names and filters, e.g. "kenya malaysia topic:tariffs since:2025-06"')
    .option('--json', 'print the brief as JSON')
    .option('--limit <n>', `facts to show (1-${MAX_CLI_LIMIT})`, intIn(1, MAX_CLI_LIMIT), 5)
    .option('--offset <n>', 'skip this many matching facts', intIn(0, Number.MAX_SAFE_INTEGER), 0)
    .option('--local', 'load the fact base in this process even when a running bot could answer')
    .action(async (query: string, opts: { json?: boolean; limit: number; offset: number; local?: boolean }) => {
      const config = loadConfig(process.env);
      const store = factStoreDescriptor(config);
      // A bot running on this host over the same fact store has it loaded and indexed already.
      if (!opts.local) {
        const answer = await askRunningBot(config.VAR_DIR, store, {
          query,
          limit: opts.limit,
          offset: opts.offset,
          json: opts.json === true,
          version: await storeVersion(store),
        });
        if (answer && 'output' in answer) {
          process.stdout.write(answer.output);
          return;
        }
        if (answer) {
          process.stderr.write(`${answer.error}\n`);
          process.exitCode = 1;
          return;
        }
      }
      // The file store goes through the corpus cache: at 100k facts a start from the cache takes a
      // fraction of a second; parsing, validating and indexing the file takes seconds.
      const parts =
        store.kind === 'file'
          ? await loadCorpusParts(store.file, corpusCacheDir(config))
          : buildCorpusParts(await readConfiguredFactBase(config), 'off');
      try {
        const { fb, searcher } = corpusOfParts(parts.rest, parts.facts, parts.index);
        const brief = composeBrief(fb, searcher, query, { limit: opts.limit, offset: opts.offset });
        process.stdout.write(opts.json ? renderBriefJson(brief) : renderBriefText(brief));
      } catch (e) {
        await parts.discard?.();
        throw e;
      }
      // The answer is out first; a cache that cannot be written costs only the next start's time.
      await parts.save?.().catch((e: unknown) => {
        process.stderr.write(`briefbot: corpus cache not written (${e instanceof Error ? e.message : String(e)})\n`);
      });
    });
}

function intIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return n;
  };
}

/** The store's current version (a stat for the file store), or undefined when it cannot be read (the local path then reports why). */
async function storeVersion(descriptor: FactStoreDescriptor): Promise<string | undefined> {
  try {
    const store = await openFactStore(descriptor);
    try {
      return await store.version();
    } finally {
      await store.close();
    }
  } catch {
    return undefined;
  }
}
