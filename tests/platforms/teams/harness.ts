import type { Server } from 'node:http';
import type { CorpusSource } from '../../../src/brief/corpus.js';
import { loadConfig } from '../../../src/config.js';
import { createHttpServer, listen } from '../../../src/http/server.js';
import { silentLogger, type Logger } from '../../../src/logger.js';
import { createTeamsApp, type TeamsApp } from '../../../src/platforms/teams/app.js';
import type { TeamsDigestDeps } from '../../../src/platforms/teams/digest.js';
import { createTeamsStandIn, type TeamsStandIn } from '../../../src/sandbox/teams/connector.js';
import { fixtureCorpora } from '../../fixtures/teams/corpus.js';

export interface Harness {
  baseUrl: string;
  app: TeamsApp;
  standIn: TeamsStandIn;
  close(): Promise<void>;
}

/** The bot and the loopback connector on one real server on 127.0.0.1, port 0. */
export async function startHarness(
  env: Record<string, string> = {},
  corpora: CorpusSource = fixtureCorpora(),
  logger: Logger = silentLogger(),
  digests?: TeamsDigestDeps,
): Promise<Harness> {
  const config = loadConfig({ PORT: '0', ...env });
  const standIn = createTeamsStandIn({ logger });
  const app = createTeamsApp({ config, corpora, logger, standInServiceUrl: () => standIn.serviceUrl(), ...(digests ? { digests } : {}) });
  const server: Server = createHttpServer([...app.routes, ...standIn.routes], logger);
  const port = await listen(server, 0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  standIn.setBaseUrl(baseUrl);
  return {
    baseUrl,
    app,
    standIn,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The Adaptive Card of a recorded bot message. */
export function cardOf(activity: Record<string, unknown>): Record<string, unknown> {
  const attachments = activity['attachments'] as { contentType: string; content: Record<string, unknown> }[] | undefined;
  const a = attachments?.[0];
  if (a?.contentType !== 'application/vnd.microsoft.card.adaptive') throw new Error('no Adaptive Card in the activity');
  return a.content;
}

export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (typeof o['text'] === 'string') out.push(o['text']);
      if (typeof o['title'] === 'string') out.push(o['title']);
      if (typeof o['value'] === 'string') out.push(o['value']);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n');
}
