import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isDeadLocalOwner, processOwner } from '../../src/schedule/owner.js';

describe('claim owners: which holder is a dead process on this host', () => {
  const self = processOwner();
  const [host, pid, , boot] = self.split(':');
  const other = (p: number | string, b = boot, h = host) => `${h}:${p}:abcdef:${b}`;
  const alive = (set: number[]) => (p: number) => set.includes(p);

  it('names this host, this process and this boot', () => {
    expect(self.startsWith(`${hostname()}:${process.pid}:`)).toBe(true);
    expect(processOwner()).not.toBe(self);
  });

  it('a pid that no longer runs on this host, in this boot, is dead', () => {
    if (boot === '-') return; // no boot id on this platform: never decided here, the lease decides
    expect(isDeadLocalOwner(other(999_999), self, alive([]))).toBe(true);
    expect(isDeadLocalOwner(other(4242), self, alive([4242]))).toBe(false);
    // A previous process with our own pid (a restarted container is pid 1 again).
    expect(isDeadLocalOwner(other(pid!), self, alive([Number(pid)]))).toBe(true);
  });

  it('never for itself, another host, another boot, or an owner it cannot read', () => {
    expect(isDeadLocalOwner(self, self, alive([]))).toBe(false);
    // Another scheduler in this same process (same pid, its own owner) is alive.
    expect(isDeadLocalOwner(processOwner(), self, alive([]))).toBe(false);
    expect(isDeadLocalOwner(other(999_999, boot, 'elsewhere'), self, alive([]))).toBe(false);
    expect(isDeadLocalOwner(other(999_999, 'feedfacecafe'), self, alive([]))).toBe(false);
    expect(isDeadLocalOwner('replica-a', self, alive([]))).toBe(false);
    expect(isDeadLocalOwner(`${host}:notapid:x:${boot}`, self, alive([]))).toBe(false);
  });
});
