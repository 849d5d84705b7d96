import { createRequire } from 'node:module';
import { BriefbotError } from '../errors.js';
import type { Logger } from '../logger.js';
import { ROBOTS_AGENT } from './user-agent.js';

interface Robot {
  isAllowed(url: string, ua?: string): boolean | undefined;
}
// robots-parser is CommonJS whose typings claim an ES default export; required directly, it is the function.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, text: string) => Robot;

interface Entry {
  /** undefined: no robots.txt (4xx), everything allowed. */
  robot?: Robot;
  /** Set when robots.txt answered 5xx: the site is closed to bots until it can be read (RFC 9309 2.3.1.4). */
  unreachableStatus?: number;
  expires: number;
}

export interface RobotsFetchResult {
  status: number;
  text: string;
  url: string;
}

const TTL_MS = 60 * 60 * 1000;
/** A 5xx is retried soon: the outage is probably short. */
const ERROR_TTL_MS = 60 * 1000;
const MAX_ORIGINS = 1_000;

/** robots.txt per origin (scheme + host + port), cached for an hour, read with the same safe fetcher. */
export class RobotsCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly deps: { logger: Logger; fetchText: (url: URL, signal: AbortSignal) => Promise<RobotsFetchResult>; now?: () => number }) {}

  async check(url: URL, signal: AbortSignal): Promise<void> {
    const entry = await this.entryFor(url, signal);
    if (entry.unreachableStatus !== undefined) {
      throw new BriefbotError('FETCH_ROBOTS_UNREACHABLE', { host: url.host, status: entry.unreachableStatus });
    }
    if (entry.robot && entry.robot.isAllowed(url.href, ROBOTS_AGENT) === false) {
      throw new BriefbotError('FETCH_ROBOTS', { host: url.host, path: url.pathname });
    }
  }

  private async entryFor(url: URL, signal: AbortSignal): Promise<Entry> {
    const origin = `${url.protocol}//${url.host}`;
    const now = (this.deps.now ?? Date.now)();
    const cached = this.entries.get(origin);
    if (cached && cached.expires > now) return cached;
    const robotsUrl = new URL('/robots.txt', origin);
    const got = await this.deps.fetchText(robotsUrl, signal);
    let entry: Entry;
    if (got.status >= 200 && got.status < 300) entry = { robot: robotsParser(robotsUrl.href, got.text), expires: now + TTL_MS };
    else if (got.status >= 500) entry = { unreachableStatus: got.status, expires: now + ERROR_TTL_MS };
    // A missing robots.txt (404, 410, any 4xx) allows everything.
    else entry = { expires: now + TTL_MS };
    this.deps.logger.debug({ origin, status: got.status }, 'robots.txt read');
    this.entries.delete(origin);
    this.entries.set(origin, entry);
    if (this.entries.size > MAX_ORIGINS) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}
