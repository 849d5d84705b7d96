/**
 * The answers acknowledged but not yet rendered, bounded. Answers take turns, one per event-loop
 * iteration, after the ack has gone out: between turns Node reads the sockets, so new requests
 * are acknowledged promptly even while many (CPU-bound: search and render) are waiting — Slack's
 * 3-second ack budget comes first. Past `max` waiting, a request gets no place: its ack says the
 * bot is busy, instead of an answer arriving a minute later (measured before the bound: reply p50
 * 19–34 s at 600–940 commands/s while acks stayed fast).
 */
export class AnswerQueue {
  private readonly waiting: (() => void)[] = [];
  private pending = 0;
  private scheduled = false;
  /** Requests turned away because the queue was full, since start. */
  refused = 0;

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`AnswerQueue: max must be a positive integer (got ${max})`);
  }

  /** Answers holding a place (waiting for their turn or being rendered). */
  get size(): number {
    return this.pending;
  }

  /**
   * A place in the queue, or undefined when it is full. Call `turn()` before the work and
   * `done()` after (in a finally): the place is held from the ack until the answer is rendered.
   */
  enter(): { turn: () => Promise<void>; done: () => void } | undefined {
    if (this.pending >= this.max) {
      this.refused += 1;
      return undefined;
    }
    this.pending += 1;
    let released = false;
    return {
      turn: () => new Promise<void>((resolve) => this.push(resolve)),
      done: () => {
        if (released) return;
        released = true;
        this.pending -= 1;
      },
    };
  }

  private push(resolve: () => void): void {
    this.waiting.push(resolve);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.pump);
    }
  }

  private readonly pump = (): void => {
    const next = this.waiting.shift();
    this.scheduled = this.waiting.length > 0;
    if (this.scheduled) setImmediate(this.pump);
    next?.();
  };
}
