import { loadConfig } from '../config.js';
import { fixedCorpus } from '../brief/corpus.js';
import { composeDigest, newestFirstSeen } from '../digest/compose.js';
import type { DigestPoster } from '../digest/poster.js';
import { FactBase } from '../factbase/factbase.js';
import { readConfiguredFactBase } from '../factbase/open-store.js';
import { createLogger } from '../logger.js';
import { digestWebClient, SlackDigestPoster } from '../platforms/slack/digest-poster.js';
import { createTeamsApp } from '../platforms/teams/app.js';
import { systemClock } from '../digest/clock.js';
import { DigestScheduler } from '../schedule/scheduler.js';
import { createSearcher } from '../search/searcher.js';
import { openStore } from '../store/open.js';
import type { Platform } from '../store/types.js';

/** `briefbot digest run`: one scheduler pass (see digest.ts). */
export async function runDigests(opts: { now?: boolean }): Promise<void> {
  // Posting only: Slack's requests go to the server, so no signing secret is needed here.
  const config = loadConfig(process.env, { receivesSlack: false });
  // Logs go to stderr; stdout carries the one-line summary.
  const logger = createLogger({ level: config.LOG_LEVEL, destination: process.stderr });
  const fb = new FactBase(await readConfiguredFactBase(config, logger));
  const corpus = { fb, searcher: createSearcher(fb) };
  const store = await openStore(config, logger);
  try {
    const posters: Partial<Record<Platform, DigestPoster>> = {};
    if (config.SLACK_BOT_TOKEN) {
      const client = digestWebClient({ botToken: config.SLACK_BOT_TOKEN, ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}) }, logger);
      posters.slack = new SlackDigestPoster(client);
    } else {
      logger.warn('SLACK_BOT_TOKEN is not set: Slack digests are left for a process that has it');
    }
    if (config.MicrosoftAppId) {
      const teams = createTeamsApp({ config, corpora: fixedCorpus(corpus), logger, digests: { store, clock: systemClock } });
      if (teams.poster) posters.teams = teams.poster;
    } else {
      logger.warn('MicrosoftAppId is not set: Teams digests are left for a process that has it');
    }
    const scheduler = new DigestScheduler({
      store,
      posters,
      compose: (sub, slot) => composeDigest(corpus, sub, slot),
      newestFirstSeen: () => newestFirstSeen(fb),
      clock: systemClock,
      logger,
    });
    const r = opts.now ? await scheduler.runAllNow() : await scheduler.runDue();
    process.stdout.write(
      `digests: ${r.due} due, ${r.sent} posted, ${r.empty} with nothing new, ${r.failed} failed, ${r.skipped} skipped, ${r.unknown} not confirmed, ${r.claimedElsewhere} handled elsewhere\n`,
    );
    if (r.failed + r.unknown > 0) process.exitCode = 1;
  } finally {
    await store.close();
  }
}
