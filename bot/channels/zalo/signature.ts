// X-ZEvent-Signature: "mac=" + hex sha256(appId + rawBody + timestamp + OA secret key), where timestamp is
// the body's own `timestamp` field (plain SHA-256, not HMAC; docs/channels.md §Zalo Verify).
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
  const got = header.trim().replace(/^mac=/, '');
  const expected = createHash('sha256').update(appId + text + ts + oaSecretKey, 'utf8').digest('hex');
  return safeEqual(got, expected);
}

/**
 * One guide signs with the OA id instead of the app id (docs/channels.md §Zalo Verify, ⚠). Never accepted: only used
 * to tell the operator which formula their traffic uses when verification fails.
 */
export function zaloSignatureUsesOaId(raw: Buffer | undefined, header: string | undefined, oaSecretKey: string): boolean {
  if (!raw || !header) return false;
  try {
    const body = JSON.parse(raw.toString('utf8')) as { timestamp?: unknown; recipient?: { id?: unknown }; oa_id?: unknown };
    const oaId = String(body.oa_id ?? body.recipient?.id ?? '');
    if (!oaId) return false;
    const candidate = createHash('sha256').update(oaId + raw.toString('utf8') + String(body.timestamp ?? '') + oaSecretKey, 'utf8').digest('hex');
    return safeEqual(header.trim().replace(/^mac=/, ''), candidate);
  } catch {
    return false;
  }
}
