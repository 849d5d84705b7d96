import type { Digest } from '../../src/digest/model.js';
import type { PostError, DigestPoster } from '../../src/digest/poster.js';
import type { Clock } from '../../src/digest/clock.js';
import type { Subscription } from '../../src/store/types.js';

/** Time moved by hand: sleep() advances it at once, so retries and Retry-After never wait for real. */
export class ManualClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(private t: number) {}
  now(): Date {
    return new Date(this.t);
  }
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
  advance(ms: number): void {
    this.t += ms;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
    await Promise.resolve();
  }
}

export interface Posted {
  subscriptionId: string;
  slot: string;
  channel: string;
}

/**
 * Records what reached the "channel". `failures` scripts what the next posts throw (in order)
 * before they succeed; several schedulers can share one `sink` to prove a slot posts once.
 */
export class RecordingPoster implements DigestPoster {
  failures: PostError[] = [];
  constructor(readonly sink: Posted[] = []) {}
  async post(sub: Subscription, digest: Digest): Promise<{ messageId: string }> {
    await new Promise((r) => setImmediate(r));
    const f = this.failures.shift();
    if (f) throw f;
    this.sink.push({ subscriptionId: sub.id, slot: digest.slot, channel: sub.channelId });
    return { messageId: `${this.sink.length}.000100` };
  }
}

/** A digest with `n` new facts: the scheduler only cares whether there is something to post. */
export function fakeCompose(n = 1) {
  return (sub: Subscription, slot: Date): Digest => ({
    kind: 'digest',
    subscriptionId: sub.id,
    query: sub.query,
    understood: { entities: [], terms: [], corrections: [], unknown: [], filters: { topics: [], sources: [], sourceNames: [], countries: [] } },
    slot: slot.toISOString(),
    timeZone: sub.schedule.timeZone,
    scheduleText: 'daily',
    since: sub.lastDigestAt,
    overview: [],
    groups: [],
    newCount: n,
    shown: n,
    more: 0,
    sources: [],
    cutoff: '2026-01-01T00:00:00.000Z',
  });
}
