// Understanding a citizen's message: intent and candidate procedures.
// The engine calls `analyze` at most once per turn (lazily).
import type { Analysis, Intent } from '../bot/types';
import { fold, normalizeText } from './normalize';

export interface Understanding {
  analyze(text: string, memory: Record<string, unknown>): Promise<Analysis>;
}

// Phrases (folded) that mark an intent; checked in this order.
const INTENT_PHRASES: [Intent, RegExp][] = [
  ['unsubscribe', /\b(huy nhan tin|dung nhan tin|khong nhan tin|huy dang ky nhan|unsubscribe)\b/],
  ['subscribe', /\b(nhan tin|nhan ban tin|dang ky nhan|subscribe)\b/],
  ['human', /\b(gap can bo|nguoi that|nhan vien|tong dai vien|noi chuyen voi can bo)\b/],
  ['feedback', /\b(phan anh|kien nghi|gop y|khieu nai|to cao)\b/],
  ['dossier_status', /\b(tra cuu ho so|ho so .*(den dau|the nao|buoc nao)|ma ho so)\b/],
  ['rating', /\b(danh gia|cham diem)\b/],
  ['greeting', /^(xin chao|chao|hello|hi|alo|chao ban|chao ad)\b/],
];

/** Rule-based intents only; the knowledge module adds procedure search on top. */
export function detectBasicIntent(text: string): Intent {
  const key = fold(text);
  for (const [intent, re] of INTENT_PHRASES) if (re.test(key)) return intent;
  return 'unknown';
}

export function basicUnderstanding(): Understanding {
  return {
    async analyze(text) {
      return {
        intent: detectBasicIntent(text),
        normalized: normalizeText(text),
        procedures: [],
        numbers: (text.match(/\d+/g) ?? []).map(Number),
        confident: false,
      };
    },
  };
}
