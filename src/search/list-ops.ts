/** Operations on ascending doc lists. */

/**
 * How many docs two lists share, counting at most `cap` (the caller may only need "any"):
 * walks the shorter list and gallops in the longer, so the cost follows the shorter one.
 */
export function intersectionCount(a: Int32Array, b: Int32Array, cap = Infinity): number {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let count = 0;
  let from = 0;
  for (let k = 0; k < short.length && count < cap; k++) {
    from = gallop(long, short[k]!, from);
    if (from >= long.length) break;
    if (long[from] === short[k]) count++;
  }
  return count;
}

/** First index ≥ from whose value is ≥ value: exponential then binary search. */
export function gallop(a: Int32Array, value: number, from: number): number {
  let step = 1;
  let hi = from;
  while (hi < a.length && a[hi]! < value) {
    from = hi + 1;
    hi += step;
    step *= 2;
  }
  hi = Math.min(hi, a.length);
  while (from < hi) {
    const mid = (from + hi) >>> 1;
    if (a[mid]! < value) from = mid + 1;
    else hi = mid;
  }
  return from;
}
