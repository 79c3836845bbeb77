// The engine's vocabulary: what comes in from any channel, what goes back, and what a handler is.
// Channels and handlers meet only through these types.
import type { TFunction } from 'i18next';
import type { Config } from './config';
import type { Db } from '../models/db';

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
  | 'unknown';

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

/** Services the engine lends a handler for one turn. */
export interface TurnContext {
  event: InboundEvent;
  /** The user's text, trimmed ('' for non-text events). */
  text: string;
  session: Session;
  lang: Lang;
  t: TFunction;
  db: Db;
  config: Config;
  /** Understanding of the text, computed lazily once per turn. */
  analyze(): Promise<Analysis>;
  startDialog(name: string, step: string, state?: Record<string, unknown>): void;
  setDialog(step: string, state?: Record<string, unknown>): void;
  endDialog(): void;
  setLang(lang: Lang): void;
  remember(key: string, value: unknown): void;
  /** Records the text as a question the assistant could not answer. */
  recordUnanswered(): Promise<void>;
}

export type HandlerResult = Reply[] | null;

/**
 * One capability. The engine routes: payload → active dialog → command words → intent → fallback.
 * Return null to let the next route try.
 */
export interface Handler {
  name: string;
  /** Payload prefixes this handler owns, e.g. 'dossier:' (payloads are short ASCII keys). */
  payloadPrefixes?: string[];
  onPayload?(ctx: TurnContext, payload: string): Promise<HandlerResult>;
  /** Called when session.dialog.name === this.name. */
  onDialog?(ctx: TurnContext): Promise<HandlerResult>;
  /** Folded (no diacritics, lower case) exact command phrases, e.g. 'huy', 'menu'. */
  commands?: string[];
  onCommand?(ctx: TurnContext, command: string): Promise<HandlerResult>;
  intents?: Intent[];
  onIntent?(ctx: TurnContext, analysis: Analysis): Promise<HandlerResult>;
  /** Non-text events (follow, unfollow, attachment, location) outside a dialog. */
  onEvent?(ctx: TurnContext): Promise<HandlerResult>;
  /** Main menu entries this capability contributes (i18n key of the title, payload). */
  menu?: { titleKey: string; payload: string; order: number }[];
}
