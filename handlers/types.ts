// What a handler is, and the services the engine lends it for one turn.
import type { TFunction } from 'i18next';
import type { Logger } from 'pino';
import type { z } from 'zod';
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
  /**
   * Ends the dialog. `after`, when given, follows whatever answers this message: a form left for a new
   * question says, after the answer, that it was not sent.
   */
  endDialog(after?: Reply[]): void;
  /** What endDialog asked to say after this turn's answer. */
  readonly afterReplies?: Reply[];
  setLang(lang: Lang): void;
  remember(key: string, value: unknown): void;
  /**
   * Records the text for the unanswered review: as a question the assistant could not answer (the
   * turn's outcome becomes 'unknown'), or, with `review`, as one answered with low confidence or
   * with choices, with what was answered.
   */
  recordUnanswered(review?: { kind: 'low_confidence' | 'choices'; answered: string }): Promise<void>;
  /** How the turn ended, for motcua_turns_total: set by a handler that refers or offers choices. */
  outcome?: TurnOutcome;
  /** This turn's logger: carries the turn id, the channel and the handler. Never log personal data. */
  readonly log: Logger;
}

export type HandlerResult = Reply[] | null;

/**
 * One capability. The engine routes: payload → global commands → active dialog → command words → intent
 * → fallback.
 * Return null to let the next route try.
 */
export interface Handler {
  name: string;
  /** Payload prefixes this handler owns, e.g. 'dossier:' (payloads are short ASCII keys). */
  payloadPrefixes?: string[];
  onPayload?(ctx: TurnContext, payload: string): Promise<HandlerResult>;
  /** Called when session.dialog.name === this.name. */
  onDialog?(ctx: TurnContext): Promise<HandlerResult>;
  /**
   * The shape of this handler's dialog state. The engine checks the stored state against it before
   * the turn and drops a dialog that does not fit (written by an older version, or damaged).
   */
  stateSchema?: z.ZodType<Record<string, unknown>>;
  /**
   * A cancel word ("huỷ", "thoát", …) arrived while this handler's dialog was active. The engine
   * ends the dialog in any case; a handler that has its own goodbye returns it, else the engine's
   * "cancelled" menu answers.
   */
  onCancel?(ctx: TurnContext): Promise<HandlerResult>;
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

/**
 * What the engine answers itself (handlers/menu.ts provides it): the global commands of
 * bot/global-commands.ts, and the fallback when no handler answered.
 */
export interface MenuReplies {
  /** "menu", "bắt đầu", /start: the greeting with the main menu. */
  greet(ctx: TurnContext): Promise<Reply[]>;
  /** A cancel word: said whether there was something to cancel. */
  cancelled(ctx: TurnContext, hadDialog: boolean): Promise<Reply[]>;
  switchLanguage(ctx: TurnContext, lang: Lang): Promise<Reply[]>;
  /** Nothing answered: the unanswered text is recorded and the menu offered. */
  fallback(ctx: TurnContext): Promise<Reply[]>;
}
