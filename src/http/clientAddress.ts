import type { IncomingMessage } from 'node:http';
import type { Middleware } from 'koa';
import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';

/**
 * Which reverse proxies in front of the API are trusted to say who the
 * client is (`TRUST_PROXY`): a number of hops (the socket's peer and the
 * next `n - 1` addresses of `X-Forwarded-For`, from the right), or a list of
 * addresses and CIDRs (or proxy-addr's names `loopback`, `linklocal`,
 * `uniquelocal`). Unset or 0: nobody; `X-Forwarded-For` is ignored.
 */
export type TrustProxy = number | string[];

const MAX_HOPS = 20;

/** `TRUST_PROXY` text → a setting, or why it is not one. */
export function parseTrustProxy(text: string): TrustProxy | { error: string } {
  const value = text.trim();
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops <= MAX_HOPS ? hops : { error: `at most ${MAX_HOPS} hops` };
  }
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return { error: 'must be a number of hops or a comma-separated list of addresses/CIDRs' };
  for (const [i, entry] of entries.entries()) {
    try {
      proxyaddr.compile(entry);
    } catch {
      // The value is not echoed (configuration errors never are).
      return { error: `entry ${i + 1} is not an address, a CIDR, "loopback", "linklocal" or "uniquelocal"` };
    }
  }
  return entries;
}

/** proxy-addr's trust function for a setting; undefined trusts nobody. */
function trustFunction(trust: TrustProxy | undefined): (addr: string, i: number) => boolean {
  if (trust === undefined) return () => false;
  if (typeof trust === 'number') return (_addr, i) => i < trust;
  return proxyaddr.compile(trust);
}

/** The client's address: the socket's peer, or the first address `X-Forwarded-For` names past the trusted proxies. */
export function clientAddress(req: IncomingMessage, trust: TrustProxy | undefined): string {
  return proxyaddr(req, trustFunction(trust));
}

/**
 * Sets `ctx.ip` to the client's address (see clientAddress). The app keeps
 * `app.proxy = false`, so Koa itself never reads X-Forwarded-* headers.
 */
export function clientAddressMiddleware(trust: TrustProxy | undefined): Middleware {
  const fn = trustFunction(trust);
  return (ctx, next) => {
    ctx.request.ip = proxyaddr(ctx.req, fn);
    return next();
  };
}

/**
 * The key an address is counted under: IPv4 (an IPv4-mapped IPv6 address
 * too) as itself, IPv6 by its /64, the block one subscriber usually holds
 * whole (counting single IPv6 addresses would give one client 2^64 tries).
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}
