// The conversation engine: dedupe, session, routing, numbered options, language, logging.
// Routing order (docs/architecture.md): payload → global commands → active dialog → command words
// → intent → fallback. A turn that throws leaves the session as it was before it.
import { randomUUID } from 'node:crypto';
import type { Config } from '../core/config';
import type { Db } from '../models/db';
import type { Analysis, ChannelName, InboundEvent, Lang, Reply } from '../core/types';
import type { Logger } from 'pino';
import type { Handler, HandlerResult, MenuReplies, TurnContext } from '../handlers/types';
import { translator } from '../core/i18n';
import { fold, isContentless } from '../knowledge/normalize';
import type { Understanding } from '../knowledge/understand';
import {
  beginTurns, endTurns, recordUnanswered, type StoredSession, type TurnEnd, type TurnStart,
} from '../models/repos/sessions';
import { Batcher } from '../models/batcher';
import { logger } from '../core/logger';
import { countTurn } from '../core/metrics';
import { turnOutcome } from './turn-outcome';
import { globalCommand } from './global-commands';
import { beginLockedTurns, releaseTurnLock, type LockedStart, type LockedTurnStart } from '../models/repos/turn-locks';

export interface EngineResult {
  /** True when the event id had been seen before: nothing was answered. */
  duplicate: boolean;
  replies: Reply[];
  /** The outbox row holding the replies (platform channels), claimed 'sending' for the caller to deliver. */
  replyRowId?: number;
}

export interface EngineDeps {
  db: Db;
  config: Config;
  handlers: Handler[];
  understanding: Understanding;
  /** The global commands' replies and the fallback when nothing else answered (handlers/menu.ts). */
  menu: MenuReplies;
  /** Sizes the group commit of turn starts and ends. */
  dbKind?: 'pglite' | 'postgres';
}

// Group commit sizes: PGlite has a single connection; a PostgreSQL pool (10) can take a few
// statements at once. 200 turns × 5 parameters stays far below PostgreSQL's 65 535 limit.
// PostgreSQL at 2 round trips at once per kind (issue 17, 2026-12-02, with the web chat's ends committed
// behind the reply): 21.7 / 22.4 % of the bare route against 20.7 / 21.8 % at 4, alternated runs; 1 and 8
// were worse at 4's time, when every end waited for its WAL flush.
const BATCH_CONCURRENCY = { pglite: 1, postgres: 2 } as const;
const MAX_TURNS_PER_BATCH = 200;

// Channels whose replies are delivered through the outbox (the web chat answers in the HTTP response,
// the console prints them).
const OUTBOX_CHANNELS: ReadonlySet<ChannelName> = new Set(['zalo', 'messenger', 'telegram']);

// Across instances (PostgreSQL) a user's turns are serialised by a lock row (models/repos/turn-locks.ts).
// A turn takes well under a second; a lock older than this is a dead process's and is taken over.
export const TURN_LOCK_LEASE_MS = 30_000;
// Waiting for another instance's turn of the same user: poll from 10 ms, doubling up to 200 ms.
const TURN_LOCK_POLL_MIN_MS = 10;
const TURN_LOCK_POLL_MAX_MS = 200;

// "1", "2." or "3)" typed back picks the numbered option of the last reply.
const NUMBER_PICK = /^\s*(\d{1,2})\s*[.)]?\s*$/;

export class Engine {
  private readonly starts: Batcher<TurnStart, StoredSession | null>;
  private readonly ends: Batcher<TurnEnd, number | null>;
  private readonly lockedStarts: Batcher<LockedTurnStart, LockedStart>;

  constructor(private readonly deps: EngineDeps) {
    const concurrency = BATCH_CONCURRENCY[deps.dbKind ?? 'pglite'];
    this.starts = new Batcher((t) => beginTurns(deps.db, t), concurrency, MAX_TURNS_PER_BATCH);
    // On PostgreSQL a web chat turn's end commits without waiting for the WAL flush (sessions.ts END_TURNS).
    const commitBehind = deps.dbKind === 'postgres';
    this.ends = new Batcher((t) => endTurns(deps.db, t, { commitBehind }), concurrency, MAX_TURNS_PER_BATCH);
    this.lockedStarts = new Batcher((t) => beginLockedTurns(deps.db, t), concurrency, MAX_TURNS_PER_BATCH);
  }

  get handlers(): readonly Handler[] {
    return this.deps.handlers;
  }

  private readonly userQueues = new Map<string, Promise<unknown>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  // This engine's name on the turn locks it takes.
  private readonly lockOwner = randomUUID();

  /**
   * Handles one event. Turns of the same user run one after another (in this process, and across
   * instances on PostgreSQL), so two quick messages never race on the session; different users run
   * concurrently.
   */
  handle(event: InboundEvent): Promise<EngineResult> {
    const key = `${event.channel}|${event.userId}`;
    const previous = this.userQueues.get(key) ?? Promise.resolve();
    const turn = previous.then(() => (this.deps.dbKind === 'postgres' ? this.lockedTurn(event) : this.turn(event)));
    const settled = turn.catch(() => undefined);
    this.userQueues.set(key, settled);
    this.inFlight.add(settled);
    void settled.then(() => {
      this.inFlight.delete(settled);
      if (this.userQueues.get(key) === settled) this.userQueues.delete(key);
    });
    return turn;
  }

  /** Resolves when every turn in progress has finished (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  /**
   * The turn under the user's lock across instances: another process's turn of this user goes first.
   * The lock is taken by the statement that starts the turn (group-committed, as the turns' ends); the
   * turn's end statement gives it back, and a turn that ends without one (a duplicate, a failure) gives
   * it back alone.
   */
  private async lockedTurn(event: InboundEvent): Promise<EngineResult> {
    const { db } = this.deps;
    const request = { ...this.turnStart(event), owner: this.lockOwner, leaseMs: TURN_LOCK_LEASE_MS };
    let started: LockedStart;
    for (let wait = TURN_LOCK_POLL_MIN_MS; !(started = await this.lockedStarts.run(request)).locked; ) {
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, TURN_LOCK_POLL_MAX_MS);
    }
    const lock = { owner: this.lockOwner, released: false };
    try {
      return await this.turn(event, { lock, session: started.session });
    } finally {
      if (!lock.released) {
        await releaseTurnLock(db, event.channel, event.userId, this.lockOwner).catch((err: unknown) =>
          logger.error({ err, channel: event.channel }, 'turn lock not released (it expires)'),
        );
      }
    }
  }

  private turnStart(event: InboundEvent): TurnStart {
    return { channel: event.channel, eventId: event.id, userId: event.userId, defaultLang: this.deps.config.DEFAULT_LANGUAGE };
  }

  /** A turn; under a lock (PostgreSQL) it comes started, its session loaded by the statement that took the lock. */
  private async turn(
    event: InboundEvent,
    locked?: { lock: { owner: string; released: boolean }; session: StoredSession | null },
  ): Promise<EngineResult> {
    const lock = locked?.lock;
    const session = locked ? locked.session : await this.starts.run(this.turnStart(event));
    if (!session) {
      logger.debug({ channel: event.channel }, 'duplicate event dropped');
      return { duplicate: true, replies: [] };
    }
    const log = new TurnLog(event.channel);
    const before = snapshot(session);
    const ctx = this.context(event, session, log);
    let replies: Reply[];
    try {
      const answer = await this.route(ctx, session, log);
      replies = numberOptions(ctx.afterReplies ? [...answer, ...ctx.afterReplies] : answer);
      session.options = collectPayloads(replies);
    } catch (err) {
      ctx.outcome = 'error';
      ctx.log.error({ err }, 'handler failed');
      // Whatever the handler changed in the session before it threw is undone: the user can retry.
      Object.assign(session, JSON.parse(before));
      replies = [{ text: ctx.t('common:error') }];
    }
    const intent = ctx.analysisDone?.intent ?? null;
    // Platform replies leave through the outbox: their row is written with the turn (one statement).
    const outbound = OUTBOX_CHANNELS.has(event.channel) && event.kind !== 'unfollow' && replies.length ? replies : undefined;
    const replyRowId = await this.ends.run({
      session,
      // Most turns (a question answered, the menu) change nothing in the session: not written then.
      sessionChanged: snapshot(session) !== before,
      eventId: event.id,
      outbound,
      releaseLock: lock?.owner,
      log: [
        ...(event.text ? [{ direction: 'in' as const, text: event.text, intent }] : []),
        ...replies.map((r) => ({ direction: 'out' as const, text: r.text, buttons: r.buttons })),
      ],
    });
    if (lock) lock.released = true;
    countTurn(event.channel, turnOutcome(ctx, session));
    if (logger.isLevelEnabled('info')) ctx.log.info({ kind: event.kind, intent, replies: replies.length, dialog: session.dialog?.name ?? null }, 'turn');
    return { duplicate: false, replies, replyRowId: replyRowId ?? undefined };
  }

  private context(event: InboundEvent, session: StoredSession, log: TurnLog): TurnContext & { analysisDone?: Analysis } {
    const { db, config, understanding } = this.deps;
    const text = (event.text ?? '').trim();
    let analysis: Promise<Analysis> | undefined;
    let afterReplies: Reply[] | undefined;
    const ctx: TurnContext & { analysisDone?: Analysis } = {
      event,
      text,
      session,
      get lang() {
        return session.lang;
      },
      get t() {
        return translator(session.lang);
      },
      db,
      config,
      analyze: () => {
        analysis ??= understanding.analyze(text, session.memory).then((a) => {
          ctx.analysisDone = a;
          return a;
        });
        return analysis;
      },
      startDialog: (name, step, state = {}) => {
        session.dialog = { name, step, state };
      },
      setDialog: (step, state) => {
        if (!session.dialog) throw new Error('setDialog without an active dialog');
        session.dialog = { ...session.dialog, step, state: state ?? session.dialog.state };
      },
      endDialog: (after) => {
        session.dialog = null;
        if (after) afterReplies = after;
      },
      get afterReplies() {
        return afterReplies;
      },
      setLang: (lang: Lang) => {
        session.lang = lang;
      },
      remember: (key, value) => {
        session.memory = { ...session.memory, [key]: value };
      },
      recordUnanswered: async (review) => {
        if (!review) ctx.outcome ??= 'unknown';
        if (text) await recordUnanswered(db, text, fold(text), review ?? null);
      },
      get log() {
        return log.get();
      },
    };
    return ctx;
  }

  private async route(ctx: TurnContext, session: StoredSession, log: TurnLog): Promise<Reply[]> {
    const { handlers, config, menu } = this.deps;
    const event = ctx.event;
    // Every handler call goes through here, so the turn's logger names the handler that answered.
    const using = (h: Handler): TurnContext => {
      log.use(h.name);
      return ctx;
    };

    if (event.text && event.text.length > config.MAX_MESSAGE_LENGTH) {
      return [{ text: ctx.t('common:too_long', { length: event.text.length, max: config.MAX_MESSAGE_LENGTH }) }];
    }
    this.checkDialog(ctx, session);

    // 1. A button payload, or the number of an option of the last reply typed back.
    let payload = event.payload;
    if (!payload && session.options.length) {
      const m = NUMBER_PICK.exec(ctx.text);
      const n = m ? Number(m[1]) : 0;
      if (m && n >= 1 && n <= session.options.length) payload = session.options[n - 1];
    }
    if (payload) {
      const handler = handlers.find((h) => h.payloadPrefixes?.some((p) => payload!.startsWith(p)));
      const result = handler?.onPayload ? await handler.onPayload(using(handler), payload) : null;
      if (result) return result;
      if (event.payload) return menu.fallback(ctx);
    }

    const command = fold(ctx.text).replace(/[.!?]+$/, '');

    // 2. Global commands: cancel, menu, language, the same words in every dialog.
    const global = payload || !event.text ? null : globalCommand(command);
    if (global?.kind === 'cancel' && session.dialog) {
      const handler = handlers.find((h) => h.name === session.dialog!.name);
      const result = handler?.onCancel ? await handler.onCancel(using(handler)) : null;
      ctx.endDialog();
      return result ?? menu.cancelled(ctx, true);
    }
    if (global?.kind === 'cancel' && global.outsideDialog) return menu.cancelled(ctx, false);
    if (global?.kind === 'menu') return menu.greet(ctx);
    // The dialog in progress is kept: the next answer continues it in the new language.
    if (global?.kind === 'language') return menu.switchLanguage(ctx, global.lang);

    // 3. The step of an active dialog.
    if (session.dialog) {
      const handler = handlers.find((h) => h.name === session.dialog!.name)!;
      const result = await handler.onDialog!(using(handler));
      if (result) return result;
    }

    // Non-text events (follow, unfollow, images, location) outside a dialog.
    if (event.kind !== 'text' && event.kind !== 'postback') {
      return (await firstResult(handlers, (h) => h.onEvent?.(using(h)))) ?? [{ text: ctx.t('common:unsupported_event') }];
    }

    if (isContentless(ctx.text)) return [{ text: ctx.t('common:empty') }];

    // 4. Command words (exact folded phrases).
    const commandHandler = handlers.find((h) => h.commands?.includes(command));
    if (commandHandler?.onCommand) {
      const result = await commandHandler.onCommand(using(commandHandler), command);
      if (result) return result;
    }

    // 5. Intent.
    const analysis = await ctx.analyze();
    for (const h of handlers) {
      if (h.intents?.includes(analysis.intent) && h.onIntent) {
        const result = await h.onIntent(using(h), analysis);
        if (result) return result;
      }
    }

    // 6. Fallback.
    log.use(undefined);
    return menu.fallback(ctx);
  }

  /**
   * Drops a stored dialog that no handler can continue: its handler is gone, or its state does not
   * fit the handler's schema (an older version wrote it, or it is damaged). The user starts afresh.
   */
  private checkDialog(ctx: TurnContext, session: StoredSession): void {
    const dialog = session.dialog;
    if (!dialog) return;
    const handler = this.deps.handlers.find((h) => h.name === dialog.name);
    const fits = handler?.onDialog && (!handler.stateSchema || handler.stateSchema.safeParse(dialog.state).success);
    if (fits) return;
    ctx.log.warn({ dialog: dialog.name, step: dialog.step }, 'stored dialog dropped: no handler, or its state does not fit');
    session.dialog = null;
  }
}

/**
 * A turn's logger, made when something is logged: its turn id, channel and the handler answering. Only
 * ids and names: the turn's text and the user's id stay out of the logs. A pino child for each turn and
 * each handler call, made whether or not anything was logged, was 10 % of the bytes a turn allocated
 * (pino runs the redaction over each child's fields; issue 17, sampling heap profile).
 */
class TurnLog {
  private made?: Logger;
  private handler?: string;
  private id?: string;

  constructor(private readonly channel: ChannelName) {}

  /** The handler the next lines are about (undefined: the engine itself). */
  use(handler: string | undefined): void {
    if (handler === this.handler) return;
    this.handler = handler;
    this.made = undefined;
  }

  get(): Logger {
    this.made ??= logger.child({ turn: (this.id ??= randomUUID().slice(0, 8)), channel: this.channel, ...(this.handler ? { handler: this.handler } : {}) });
    return this.made;
  }
}

/**
 * The parts of a session a turn may change, as JSON: compared after the turn (the session is written only
 * when they changed) and parsed back when a turn fails. The session came from the database as JSON, so
 * the text is an exact copy; one JSON text a turn instead of two structured clones and two texts.
 */
function snapshot(session: StoredSession): string {
  return JSON.stringify({ lang: session.lang, dialog: session.dialog, memory: session.memory, options: session.options });
}

async function firstResult(handlers: Handler[], call: (h: Handler) => Promise<HandlerResult> | undefined) {
  for (const h of handlers) {
    const r = await call(h);
    if (r) return r;
  }
  return null;
}

/** Every option with a payload is also numbered in the text, so typing "2" works everywhere. */
export function numberOptions(replies: Reply[]): Reply[] {
  let n = 0;
  return replies.map((r) => {
    const options = (r.buttons ?? []).filter((b) => 'payload' in b);
    if (!options.length) return r;
    const lines = options.map((b) => `${++n}. ${b.title}`);
    return { ...r, text: `${r.text}\n${lines.join('\n')}` };
  });
}

function collectPayloads(replies: Reply[]): string[] {
  return replies.flatMap((r) => (r.buttons ?? []).flatMap((b) => ('payload' in b ? [b.payload] : [])));
}
