// What a handler is, and the services the engine lends it for one turn.
import type { TFunction } from 'i18next';
import type { Config } from '../core/config';
import type { Analysis, Intent, Lang, Reply, Session, InboundEvent } from '../core/types';
import type { Db } from '../models/db';
import type { TurnOutcome } from '../core/metrics';

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
  /** Records the text as a question the assistant could not answer (the turn's outcome becomes 'unknown'). */
  recordUnanswered(): Promise<void>;
  /** How the turn ended, for motcua_turns_total: set by a handler that refers or offers choices. */
  outcome?: TurnOutcome;
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
