import type { CorpusSource } from '../brief/corpus.js';
import type { SchedulerHealth } from '../schedule/scheduler.js';
import type { Store } from '../store/types.js';
import { sendJson, type Route } from './server.js';

export interface HealthSources {
  corpora: CorpusSource;
  store: Pick<Store, 'engine' | 'ping'>;
  scheduler: { health(): SchedulerHealth };
  /** Whatever the platform layer can truthfully report (token state, Socket Mode connection). */
  slack?: () => Record<string, unknown>;
  /** The store round trip is given up on after this; default 2 s. */
  pingTimeoutMs?: number;
}

/**
 * GET /healthz: 200 with ok: true only when the store answers within its bound and the scheduler
 * has ticked recently without failing; otherwise 503 with ok: false and what is wrong, so a load
 * balancer or orchestrator notices a wedged replica. A rejected Slack token is not-ok too.
 */
export function healthRoute(s: HealthSources): Route {
  return {
    method: 'GET',
    path: '/healthz',
    handler: async (_req, res) => {
      const { fb } = s.corpora.current();
      const ping = await s.store.ping(s.pingTimeoutMs ?? 2_000);
      const scheduler = s.scheduler.health();
      const slack = s.slack?.();
      const problems: string[] = [];
      if (!ping.ok) problems.push(`store: ${ping.error}`);
      if (scheduler.stale) problems.push(`scheduler: no tick since ${scheduler.lastTickAt ?? 'start'}`);
      if (scheduler.lastTickOk === false) problems.push(`scheduler: last tick failed (${scheduler.lastError ?? 'unknown error'})`);
      if (slack?.['token'] === 'rejected') problems.push('slack: the bot token was rejected');
      const ok = problems.length === 0;
      sendJson(res, ok ? 200 : 503, {
        ok,
        ...(ok ? {} : { problems }),
        facts: fb.facts.length,
        articles: fb.articles.size,
        store: { engine: s.store.engine, ...ping },
        scheduler,
        ...(slack ? { slack } : {}),
      });
    },
  };
}
