import ipaddr from 'ipaddr.js';

/**
 * Which resolved addresses the fetcher may connect to. Only globally routable unicast is public:
 * ipaddr.js names every special range (private, loopback, link-local, unique-local, carrier-grade
 * NAT, multicast, unspecified, broadcast, reserved, 6to4/Teredo/NAT64 that can embed a private
 * IPv4), so "not unicast" covers them all, and IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the
 * IPv4 address it is.
 */
export interface AddressPolicy {
  allowPrivate: boolean;
  /** CIDR ranges allowed even when private (an intranet deploy that trusts one news server). */
  allowedRanges?: readonly string[];
}

export function normalizeAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(bare)) return undefined;
  const parsed = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed;
}

export function isPublicAddress(address: string): boolean {
  const ip = normalizeAddress(address);
  return ip !== undefined && ip.range() === 'unicast';
}

export function isAllowedAddress(address: string, policy: AddressPolicy): boolean {
  if (policy.allowPrivate) return true;
  const ip = normalizeAddress(address);
  if (!ip) return false;
  if (ip.range() === 'unicast') return true;
  return (policy.allowedRanges ?? []).some((cidr) => inRange(ip, cidr));
}

function inRange(ip: ipaddr.IPv4 | ipaddr.IPv6, cidr: string): boolean {
  try {
    const [range, bits] = ipaddr.parseCIDR(cidr);
    return ip.kind() === range.kind() && ip.match(range, bits);
  } catch {
    return false;
  }
}
