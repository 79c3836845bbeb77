// X-Hub-Signature-256: "sha256=" + HMAC-SHA256(raw body, App Secret). The raw bytes are hashed as received:
// Meta signs the escaped-unicode form, so re-serialising req.body would break every Vietnamese message.
import { createHmac } from 'node:crypto';
import { safeEqual } from '../inbound';

export function messengerSignatureOk(raw: Buffer | undefined, header: string | undefined, appSecret: string): boolean {
  if (!raw || !header || !header.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', appSecret).update(raw).digest('hex');
  return safeEqual(header.slice('sha256='.length).trim().toLowerCase(), expected);
}
