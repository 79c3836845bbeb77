// The kernel's vocabulary: what comes in from any channel, what goes back, what understanding yields.
// Channels and handlers meet only through these types (a handler's own contract is handlers/types.ts).

export type ChannelName = 'web' | 'console' | 'zalo' | 'messenger' | 'telegram';
export const CHANNEL_NAMES: readonly ChannelName[] = ['web', 'console', 'zalo', 'messenger', 'telegram'];

export type Lang = 'vi' | 'en';

export interface Attachment {
  type: 'image' | 'file' | 'audio' | 'video' | 'sticker' | 'other';
  url?: string;
  name?: string;
  size?: number;
}

export interface InboundEvent {
  /** The platform's message/update id; the engine drops a repeat. */
  id: string;
  channel: ChannelName;
  userId: string;
  kind: 'text' | 'postback' | 'follow' | 'unfollow' | 'attachment' | 'location';
  text?: string;
  payload?: string;
  attachments?: Attachment[];
  location?: { latitude: number; longitude: number };
  receivedAt: Date;
  /**
   * Where the event came from, for limits that must not be escaped with new user ids: the web chat's
   * client address (IPv4, or an IPv6 /64). Unset on platforms, whose user ids the platform signs (the
   * user is then the source). docs/security.md.
   */
  source?: string;
}

export type Button = { title: string; payload: string } | { title: string; url: string };

/** Channel-neutral reply. Adapters render it within their platform's limits. */
export interface Reply {
  text: string;
  buttons?: Button[];
  images?: { url: string; caption?: string }[];
}

export type Intent =
  | 'procedure'
  | 'fee'
  | 'dossier_status'
  | 'feedback'
  | 'subscribe'
  | 'unsubscribe'
  | 'human'
  | 'greeting'
  | 'rating'
  /** A matter another office handles (land certificates, ID cards, insurance, courts…): a referral. */
  | 'referral'
  | 'unknown';

/**
 * What the assistant does with a question about procedures: answer it, offer "Ý anh/chị là:" with a
 * few choices, or say "em chưa rõ" and offer to pass it to staff (knowledge/understand.ts decides).
 */
export type Outcome = 'answer' | 'choices' | 'unclear';

/** Another office's business, from the referral table (data/referrals). */
export interface Referral {
  id: string;
  /** What the matter is, in Vietnamese and English. */
  matter: { vi: string; en: string };
  office: { vi: string; en: string };
  /** How to reach the office. */
  contact: { vi: string; en: string };
  /** The commune handles it, but the catalog has no guide for it yet: the citizen goes to the one-stop desk. */
  commune?: boolean;
  /** Asked about, it wins over a commune procedure the rest of the question names (a contested matter). */
  decisive?: boolean;
}

/** What understanding the text yielded (knowledge/ fills it). */
export interface Analysis {
  intent: Intent;
  /** Normalised text (diacritics kept). */
  normalized: string;
  /** Best procedures, best first. */
  procedures: { code: string; name: string; score: number }[];
  /** Numbers found in the text (pages, copies, …). */
  numbers: number[];
  /** True when the winner is clear enough to answer without asking. */
  confident: boolean;
  /** Calibrated chance (0–1) that the best procedure is the right one; 0 when there is none. */
  confidence?: number;
  /** For procedure and fee questions: answer, offer choices, or say "em chưa rõ". */
  outcome?: Outcome;
  /** Set with intent 'referral'. */
  referral?: Referral;
}

export interface DialogState {
  name: string;
  step: string;
  state: Record<string, unknown>;
}

export interface Session {
  id: number;
  channel: ChannelName;
  userId: string;
  lang: Lang;
  dialog: DialogState | null;
  /** Small per-conversation memory (last procedure, last list, …); persisted. */
  memory: Record<string, unknown>;
}
