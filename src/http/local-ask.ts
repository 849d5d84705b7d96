import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { CorpusSource } from '../brief/corpus.js';
import { composeBrief } from '../brief/compose.js';
import { isBriefbotError } from '../errors.js';
import { renderBriefJson } from '../render/json.js';
import { renderBriefText } from '../render/text.js';
import { readJsonObject, sendJson, type Route } from './server.js';

export const LOCAL_ASK_PATH = '/internal/ask';

export const LocalAskRequestSchema = z.object({
  query: z.string().max(2_000),
  limit: z.number().int().min(1).max(100),
  offset: z.number().int().min(0),
  json: z.boolean(),
  /** The fact store version the caller sees: a bot still serving an older one says 409, and the caller loads it itself. */
  version: z.string().optional(),
});
export type LocalAskRequest = z.infer<typeof LocalAskRequestSchema>;

/**
 * POST /internal/ask: `briefbot ask` on the same host answers from the running bot's corpus
 * (already loaded and indexed) instead of loading the fact base itself - at 100k facts that is the
 * difference between a few seconds and a fraction of one. Only a caller holding the token the bot
 * wrote to VAR_DIR (mode 0600) is answered: anyone else gets 401 and learns nothing.
 */
export function localAskRoute(corpora: CorpusSource, token: string, servedVersion: () => string | undefined): Route {
  const expected = Buffer.from(`Bearer ${token}`);
  return {
    method: 'POST',
    path: LOCAL_ASK_PATH,
    handler: async (req, res) => {
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        sendJson(res, 401, { error: 'unauthorized' });
        return;
      }
      const parsed = LocalAskRequestSchema.safeParse(await readJsonObject(req, 8_000));
      if (!parsed.success) {
        sendJson(res, 400, { error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
        return;
      }
      const { query, limit, offset, json, version } = parsed.data;
      // Right after an ingest the bot may not have reloaded yet: an answer then would miss the new facts.
      if (version !== undefined && version !== servedVersion()) {
        sendJson(res, 409, { error: 'serving another version of the fact base' });
        return;
      }
      const { fb, searcher } = corpora.current();
      try {
        const brief = composeBrief(fb, searcher, query, { limit, offset });
        sendJson(res, 200, { output: json ? renderBriefJson(brief) : renderBriefText(brief) });
      } catch (err) {
        // A query the CLI would refuse is refused the same way, with the same message.
        if (!isBriefbotError(err)) throw err;
        sendJson(res, 422, { code: err.code, error: err.message });
      }
    },
  };
}
