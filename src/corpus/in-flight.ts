/**
 * Frames sent to another thread and not yet acked: `wait()` holds the sender while more than
 * `limit` are out and lets it go once half are taken (or once `fail` is called, then rejecting).
 * Shared by the load worker (frames to the serving thread) and the index worker's sender.
 */
export class InFlight {
  private count = 0;
  private wake: (() => void) | undefined;
  private failure: Error | undefined;

  constructor(private readonly limit: number) {}

  sent(): void {
    this.count++;
  }

  taken(): void {
    this.count--;
    if (this.count <= this.limit / 2) this.wake?.();
  }

  reset(): void {
    this.count = 0;
  }

  fail(e: Error): void {
    this.failure ??= e;
    this.wake?.();
  }

  async wait(): Promise<void> {
    while (this.failure === undefined && this.count > this.limit) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
    if (this.failure) throw this.failure;
  }
}

/** A worker entry beside `base`: name.js when built, name.ts when run from source (tests). */
export function workerEntryUrl(name: string, base: string): URL {
  const ext = base.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${ext}`, base);
}
