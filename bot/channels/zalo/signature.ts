// X-ZEvent-Signature: "mac=" + hex sha256(appId + rawBody + timestamp + OA secret key), where timestamp is
// the body's own `timestamp` field (plain SHA-256, not HMAC; channels.md §1 Verify).
import { createHash } from 'node:crypto';
import { safeEqual } from '../inbound';

export function zaloSignatureOk(raw: Buffer | undefined, header: string | undefined, appId: string, oaSecretKey: string): boolean {
  if (!raw || !header) return false;
  const text = raw.toString('utf8');
  let ts: string;
  try {
    ts = String((JSON.parse(text) as { timestamp?: unknown }).timestamp ?? '');
  } catch {
    return false;
  }
  const expected = createHash('sha256').update(appId + text + ts + oaSecretKey, 'utf8').digest('hex');
  return safeEqual(header.trim().replace(/^mac=/, ''), expected);
}
