// How the platforms sign the webhook requests they send (docs/channels.md §Zalo Verify, §2 Verify).
import { createHash, createHmac } from 'node:crypto';

/** X-ZEvent-Signature: mac=sha256(appId + rawBody + timestamp + OA secret key). */
export function signZalo(raw: string, appId: string, oaSecretKey: string): string {
  const ts = String((JSON.parse(raw) as { timestamp?: unknown }).timestamp ?? '');
  return 'mac=' + createHash('sha256').update(appId + raw + ts + oaSecretKey, 'utf8').digest('hex');
}

/** X-Hub-Signature-256: sha256=HMAC-SHA256(rawBody, App Secret). */
export function signMessenger(raw: string, appSecret: string): string {
  return 'sha256=' + createHmac('sha256', appSecret).update(raw, 'utf8').digest('hex');
}
