import { readFileSync } from 'node:fs';
import type { Config } from '../../config.js';
import type { Route } from '../../http/server.js';

/**
 * `/privacy` and `/terms`: the Teams manifest's privacyUrl and termsOfUseUrl point at these, and
 * Teams shows the links in the app's details. The text comes from PRIVACY_TEXT / TERMS_TEXT, or
 * PRIVACY_FILE / TERMS_FILE (read once at start, so a missing file stops start-up, not a visitor),
 * else a plain statement of what the bot keeps.
 */
export const DEFAULT_PRIVACY = `briefbot — privacy

briefbot answers the questions typed to it from a base of published news articles.
It stores: the digest subscriptions created in a channel (query, schedule, who created it),
a record of each digest posted, and the Bot Framework conversation reference needed to post
digests to that conversation. It does not store the questions asked or any message content.
Ask whoever runs this bot to delete a channel's data; "digest off all" stops its digests.
`;

export const DEFAULT_TERMS = `briefbot — terms of use

briefbot quotes published articles with a link to each source; the articles remain their
publishers'. Facts are extracted automatically: check the cited source before relying on one.
The service is provided as is, without warranty, by whoever runs this bot.
`;

export function legalRoutes(config: Config): Route[] {
  const privacy = textFrom(config.PRIVACY_TEXT, config.PRIVACY_FILE) ?? DEFAULT_PRIVACY;
  const terms = textFrom(config.TERMS_TEXT, config.TERMS_FILE) ?? DEFAULT_TERMS;
  const page = (path: string, body: string): Route => ({
    method: 'GET',
    path,
    handler: (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'max-age=300' }).end(body);
    },
  });
  return [page('/privacy', privacy), page('/terms', terms)];
}

function textFrom(text: string | undefined, file: string | undefined): string | undefined {
  if (text !== undefined) return text.endsWith('\n') ? text : `${text}\n`;
  return file === undefined ? undefined : readFileSync(file, 'utf8');
}
