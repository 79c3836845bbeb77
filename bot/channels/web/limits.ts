// The web chat's limits: per identity (WEBCHAT_RATE_PER_MINUTE) and per source address
// (WEBCHAT_IP_RATE_PER_MINUTE, messages and new identities together). A new identity per message no
// longer escapes the limit, and one address cannot mint identities without end. docs/security.md.
import { isIPv6 } from 'node:net';
import { RateLimiter } from '../../rate-limit';

// One minute windows, as the variables' names say.
const WINDOW_MS = 60_000;

/**
 * The source a request counts against: its IPv4 address, or the /64 prefix of an IPv6 address (one
 * household or phone is given a whole /64, so counting single addresses would let it rotate freely).
 */
export function sourceKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4) return v4[1]!;
  if (!isIPv6(ip)) return ip;
  return expandIPv6(ip).slice(0, 4).join(':') + '::/64';
}

function expandIPv6(ip: string): string[] {
  const [head, tail] = ip.split('%')[0]!.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}

export class WebLimits {
  private readonly perIdentity: RateLimiter;
  private readonly perSource: RateLimiter;

  constructor(opts: { perIdentity: number; perSource: number }) {
    this.perIdentity = new RateLimiter(opts.perIdentity, WINDOW_MS);
    this.perSource = new RateLimiter(opts.perSource, WINDOW_MS);
  }

  /** A message of an identity from a source. */
  message(source: string, userId: string): boolean {
    // Both counters move, so a flood spread over identities still fills the source's.
    const bySource = this.perSource.take(source);
    const byIdentity = this.perIdentity.take(userId);
    return bySource && byIdentity;
  }

  /** A new identity asked for from a source. */
  newIdentity(source: string): boolean {
    return this.perSource.take(source);
  }

  /** A page opening (history read, stream opened) counts for the identity only: it costs little. */
  read(userId: string): boolean {
    return this.perIdentity.take(userId);
  }
}
