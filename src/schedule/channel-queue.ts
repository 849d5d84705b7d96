/**
 * One queue per channel: a channel's jobs run one at a time, in order (Slack allows about one
 * message a second per channel, so a second digest for the same channel can only wait its turn),
 * while every channel's queue runs independently: a slow post or a long Retry-After in one channel
 * never holds up another's. How many posts are in flight across channels is bounded separately
 * (Semaphore), per attempt, so a channel that is waiting holds no share of that bound.
 */
export class ChannelQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(channel: string, job: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(channel) ?? Promise.resolve();
    const result = previous.then(job);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(channel, tail);
    void tail.then(() => {
      if (this.tails.get(channel) === tail) this.tails.delete(channel);
    });
    return result;
  }

  /** Channels with work queued or running. */
  get busyChannels(): number {
    return this.tails.size;
  }
}

/** At most `limit` tasks at once; the rest wait in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
