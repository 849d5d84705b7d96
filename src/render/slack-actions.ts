import { z } from 'zod';
import { SLACK_LIMITS } from './slack-blocks.js';

/** Button action ids: the Slack platform code registers a listener for each. */
export const ACTION_IDS = {
  post: 'brief_post',
  more: 'brief_more',
  sources: 'brief_sources',
} as const;

/**
 * What a brief button carries so a click can redo the search without server-side state: the
 * query, the page offset and how many facts the page showed. Slack caps a value at 2000 chars.
 */
const BriefActionValueSchema = z.object({
  q: z.string().min(1),
  o: z.number().int().nonnegative(),
  n: z.number().int().positive().optional(),
});

export interface BriefActionValue {
  query: string;
  offset: number;
  /** Facts on the page; a shared page repeats exactly what was shown. */
  count?: number;
}

export function encodeBriefAction(v: BriefActionValue): string | undefined {
  const value = JSON.stringify({ q: v.query, o: v.offset, ...(v.count !== undefined ? { n: v.count } : {}) });
  return value.length <= SLACK_LIMITS.buttonValue ? value : undefined;
}

/** Undefined for anything that is not a value we made (a forged or stale payload). */
export function decodeBriefAction(value: string | undefined): BriefActionValue | undefined {
  if (value === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return undefined;
  }
  const parsed = BriefActionValueSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const { q, o, n } = parsed.data;
  return n === undefined ? { query: q, offset: o } : { query: q, offset: o, count: n };
}
