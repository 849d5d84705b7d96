import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Owners made by this process (several schedulers may share one, as in tests): alive by definition. */
const ownedHere = new Set<string>();

/**
 * Who holds a digest claim: `host:pid:random:boot`. The boot id (Linux; `-` elsewhere) tells two
 * machines that share a hostname apart, and tells a process before a reboot from one after.
 */
export function processOwner(): string {
  const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}:${bootId()}`;
  ownedHere.add(owner);
  return owner;
}

/**
 * True only when `owner` was a process on this machine, in this boot, that no longer runs: a
 * restart (kill -9, OOM, a crash loop) takes over its claims at once instead of after their
 * lease. Anything else (another host, an unreadable owner, a pid that is alive, even if reused)
 * is false, and the lease decides, as before. Our own pid under another owner string (not made
 * here) is a previous process that had the same pid (a container restarted: pid 1 again).
 */
export function isDeadLocalOwner(owner: string, self: string, alive: (pid: number) => boolean = pidAlive): boolean {
  if (owner === self || ownedHere.has(owner)) return false;
  const o = parseOwner(owner);
  const s = parseOwner(self);
  if (!o || !s || o.host !== s.host || o.boot !== s.boot || o.boot === '-') return false;
  if (o.pid === s.pid) return true;
  return !alive(o.pid);
}

function parseOwner(owner: string): { host: string; pid: number; boot: string } | undefined {
  const parts = owner.split(':');
  if (parts.length < 4) return undefined;
  const boot = parts.pop()!;
  parts.pop();
  const pid = Number(parts.pop());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { host: parts.join(':'), pid, boot };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it is just not ours to signal.
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

let boot: string | undefined;
function bootId(): string {
  if (boot !== undefined) return boot;
  try {
    boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim().replace(/-/g, '').slice(0, 12) || '-';
  } catch {
    boot = '-';
  }
  return boot;
}
