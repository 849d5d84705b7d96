import { z } from 'zod';

/**
 * The contract between the inflow's parts (issue 11): `safe-fetch.ts` implements SafeFetch;
 * feeds, `briefbot add` and polling only ever fetch through it, so every rule (private
 * addresses, robots.txt, size, time, redirects, content types) holds for all of them.
 */
export const FetchOptionsSchema = z.object({
  /** Content types accepted (e.g. ['text/html'] or the feed types); anything else is FETCH_CONTENT_TYPE. */
  accept: z.array(z.string().min(1)).min(1),
  /** Conditional GET: a 304 comes back as `notModified: true`. */
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  maxBytes: z.number().int().positive().optional(),
  timeoutMs: z.number().int().positive().optional(),
});
export type FetchOptions = z.infer<typeof FetchOptionsSchema>;

export interface Fetched {
  /** The URL asked for, and the one that answered after redirects. */
  requestedUrl: string;
  url: string;
  status: number;
  notModified: boolean;
  contentType: string;
  etag?: string;
  lastModified?: string;
  /** Decoded text (charset from the header or the document); empty when notModified. */
  text: string;
}

/**
 * Throws BriefbotError with a FETCH_* code (private address, robots, timeout, too large,
 * too many redirects, HTTP status, content type) whose message is fit for a chat reply.
 */
export type SafeFetch = (url: string, options: FetchOptions) => Promise<Fetched>;
