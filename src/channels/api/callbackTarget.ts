import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent } from 'undici';

/**
 * Where an API channel's callbackUrl may point. In production (unless
 * ALLOW_PRIVATE_CALLBACKS) only public unicast addresses: an admin's
 * callbackUrl must not turn our outbound POSTs into requests against
 * loopback, link-local (cloud metadata at 169.254.169.254) or private
 * services behind the firewall (SSRF).
 *
 * Checked twice: when the URL is saved (a clear 400), and at every
 * connection, on the very address the socket dials, so a name that
 * resolves to a public address at save time and to a private one later
 * (DNS rebinding) is refused too. Redirects are never followed (see
 * ApiChannelSender), so the address dialled is always the callbackUrl's.
 *
 * `allowed` judges one address; tests may narrow or widen it.
 */
export class CallbackTargets {
  constructor(
    readonly allowPrivate: boolean,
    private readonly allowed: (address: string) => boolean = isPublicAddress,
  ) {}

  /** Why `url` may not be a callback target, or null. Resolves names. */
  async problem(url: string): Promise<string | null> {
    if (this.allowPrivate) return null;
    const host = hostOf(url);
    const addresses = net.isIP(host)
      ? [host]
      : await dns.promises.lookup(host, { all: true, verbatim: true }).then(
          (found) => found.map((a) => a.address),
          () => null,
        );
    if (!addresses || addresses.length === 0) return `${host} does not resolve`;
    const refused = addresses.find((address) => !this.allowed(address));
    // The range, not the address: a name's private resolution is nobody's business.
    return refused ? `${host} is a ${rangeOf(refused)} address; only public addresses are allowed` : null;
  }

  /**
   * The dispatcher deliveries use: its sockets dial only addresses this
   * policy allows. An IP literal skips the resolver, so it is checked here.
   */
  dispatcherFor(url: string): Agent | undefined {
    if (this.allowPrivate) return undefined;
    const host = hostOf(url);
    if (net.isIP(host) && !this.allowed(host)) throw new PrivateCallbackError();
    return this.agent;
  }

  private readonly agent = new Agent({
    connect: {
      lookup: (hostname, options, callback) => {
        dns.lookup(hostname, { ...options, all: true, verbatim: true }, (err, found) => {
          if (err) return callback(err, '', 0);
          const addresses = found as dns.LookupAddress[];
          const refused = addresses.find((a) => !this.allowed(a.address));
          if (refused) return callback(new PrivateCallbackError(), '', 0);
          // net.connect asks for one address unless it set `all`.
          if ((options as dns.LookupOptions).all) return (callback as LookupAll)(null, addresses);
          callback(null, addresses[0]!.address, addresses[0]!.family);
        });
      },
    },
  });
}

type LookupAll = (err: Error | null, addresses: dns.LookupAddress[]) => void;

/**
 * A callback target refused by the policy: a delivery to it can never succeed, so it is not retried.
 * Its message becomes the message's `deliveryError`, which admins read: it names neither the host nor
 * the address it resolved to.
 */
export class PrivateCallbackError extends Error {
  constructor() {
    super('callbackUrl resolves to a non-public address');
    this.name = 'PrivateCallbackError';
  }
}

function hostOf(url: string): string {
  // URL keeps IPv6 literals in brackets.
  return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * ipaddr.js names every special range; only plain unicast is public. An IPv6
 * address that carries an IPv4 one is judged by that IPv4: mapped
 * (`::ffff:a.b.c.d`) and the deprecated IPv4-compatible form (`::a.b.c.d`,
 * the first 96 bits zero), which ipaddr.js calls unicast (`::7f00:1`).
 */
function rangeOf(address: string): string {
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return parsed.range();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().range();
  const range = v6.range();
  // `::` and `::1` have ranges of their own (unspecified, loopback) and are refused already.
  if (range === 'unicast' && v6.parts.slice(0, 6).every((part) => part === 0)) {
    const [high, low] = [v6.parts[6]!, v6.parts[7]!];
    return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]).range();
  }
  return range;
}

export function isPublicAddress(address: string): boolean {
  return ipaddr.isValid(address) && rangeOf(address) === 'unicast';
}
