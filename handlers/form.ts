// One small runner for forms declared as a list of steps (botbuilder's waterfall and telegraf's
// wizard are the references). A step says how to ask, how to read the answer and which step comes
// next; the runner does what every form needs the same way: the cancel button, corrections ("sửa
// tên" mid-form, "Sửa" at the summary), attachments where none are asked for, the summary with
// Gửi / Sửa / Huỷ, and handing the finished state to the form's submit. docs/architecture.md, "Dialogs".
import { randomBytes } from 'node:crypto';
import type { Analysis, Attachment, Button, Intent, Reply } from '../core/types';
import type { HandlerResult, TurnContext } from './types';

/** One turn's answer as a step sees it. */
export interface FormInput {
  payload?: string;
  text: string;
  /** The text folded (no diacritics, lower case), final punctuation dropped. */
  key: string;
  attachments?: Attachment[];
}

/** What a step made of the answer. */
export type StepOutcome<S> =
  /** Accepted: the new state; the form goes on to the next step (`lead` said first). */
  | { ok: S; lead?: string }
  /** Refused: the step is asked again, after saying why. */
  | { retry: string }
  /** Taken, but the step goes on (e.g. one photo of several): the new state and what to say. */
  | { stay: S; replies: Reply[] }
  /** The form ends here without submitting (e.g. the citizen meant something the form is not for). */
  | { exit: Reply[] };

export interface FormStep<S> {
  name: string;
  /** i18n key naming the field in the correction menu. */
  label: string;
  /** Folded words that name this field in a correction ("sửa tên", "sửa số điện thoại"). */
  names: RegExp;
  /** Whether the step is asked in this conversation (default: always). */
  applies?(ctx: TurnContext): boolean;
  /** Whether the state already holds this step's answer. */
  filled(s: S): boolean;
  /** The state with this step's answer cleared, before it is asked again in a correction (default: kept). */
  clear?(s: S): S;
  /** The question (the runner adds the cancel button to the last reply). */
  prompt(ctx: TurnContext, s: S): Reply[];
  /** Reads the answer: the validator. */
  accept(ctx: TurnContext, s: S, input: FormInput): StepOutcome<S>;
  /** The step after this one (default: the next in the list). Filled steps are passed over. */
  next?(s: S): string | undefined;
  /** Takes attachments (other steps refuse them). */
  attachments?: boolean;
  /** Free text: "sửa lại địa chỉ nhà văn hoá" here is the answer, not a correction. */
  freeText?: boolean;
  /**
   * What the citizen may say here instead of an answer that is a new question: a text this step
   * refuses, understood as one of these intents, leaves the form and the turn is answered as any
   * other message ("đăng ký khai sinh cần giấy tờ gì" at the first choice). A procedure or a fee
   * counts only when it would be answered outright, not offered as choices.
   */
  leavesOn?: readonly Intent[];
  /** The step's line in the summary (none: not shown). */
  summary?(ctx: TurnContext, s: S): string;
}

/** The texts the runner says itself, as i18n keys of the form's namespace. */
export interface FormTexts {
  cancel: string;
  send: string;
  edit: string;
  backToSummary: string;
  summaryTitle: string;
  summaryQuestion: string;
  editQuestion: string;
  attachmentHere: string;
  confirmExpected: string;
  pickField: string;
  incomplete: string;
}

export interface FormSpec<S extends FormState> {
  /** The dialog name in the session. */
  dialog: string;
  /** Payload prefix of the form's buttons, e.g. 'feedback:'. */
  prefix: string;
  steps: FormStep<S>[];
  texts: FormTexts;
  /** The finished, confirmed state. `runId` names this run of the form: submit is idempotent on it. */
  submit(ctx: TurnContext, s: S, runId: string): Promise<Reply[]>;
  /** "Gửi" again after the form ended (double tap, retry): what the first submit filed. */
  submitted(ctx: TurnContext, runId: string): Promise<Reply[] | null>;
  /** The goodbye when the citizen cancels. */
  cancelled(ctx: TurnContext): Reply[];
  /** Said after the answer when the form is left for a new question (leavesOn): what was not sent. */
  left(ctx: TurnContext, s: S): Reply[];
}

/** Intents that name a procedure: a form is left for them only when the answer would be sure. */
const PROCEDURE_INTENTS: readonly Intent[] = ['procedure', 'fee'];

/** Whether a refused text is a new question the step lets the citizen leave the form for. */
function leavesFor(step: { leavesOn?: readonly Intent[] }, a: Analysis): boolean {
  if (!step.leavesOn?.includes(a.intent)) return false;
  return !PROCEDURE_INTENTS.includes(a.intent) || a.outcome === 'answer';
}

/** Every form's state carries the id of its run (the idempotency key of its submit). */
export type FormState = Record<string, unknown> & { runId?: string };

export const CONFIRM_STEP = 'confirm';
export const EDIT_STEP = 'edit';

// Folded words, the same in every form.
const CONFIRM_WORDS = ['co', 'dong y', 'yes', 'y', 'ok', 'gui', 'xac nhan', 'send', 'confirm'];
const EDIT_MENU_WORDS = /^(sua|edit|chinh sua)$/;
const CORRECTION = /^(sua|doi|edit)\b/;

export interface FormRunner<S extends FormState> {
  /** Starts the form at its first step, saying `lead` first. */
  start(ctx: TurnContext, state: S, lead?: string): Reply[];
  /**
   * One turn of the form; null when `step` is not one of the form's (the handler's other dialogs), or
   * when the form was left for a new question (the engine then answers the turn as any other).
   */
  handle(ctx: TurnContext, step: string, s: S, input: FormInput): Promise<HandlerResult>;
  /** A confirm payload when no form is active: the earlier submit's answer, if there was one. */
  resubmitted(ctx: TurnContext, payload: string): Promise<HandlerResult>;
  /** Whether a step name belongs to the form (its steps, the summary and the correction menu). */
  owns(step: string): boolean;
}

export function createFormRunner<S extends FormState>(spec: FormSpec<S>): FormRunner<S> {
  const P = spec.prefix;
  const byName = new Map(spec.steps.map((st) => [st.name, st]));
  const CONFIRM = `${P}confirm`;
  /** The run id a confirm payload carries ('' or undefined: none). */
  const runOf = (payload: string | undefined) => (payload?.startsWith(`${CONFIRM}:`) ? payload.slice(CONFIRM.length + 1) : undefined);
  const applicable = (ctx: TurnContext) => spec.steps.filter((st) => st.applies?.(ctx) ?? true);
  const cancelButton = (ctx: TurnContext): Button => ({ title: ctx.t(spec.texts.cancel), payload: `${P}cancel` });

  function withCancel(ctx: TurnContext, replies: Reply[]): Reply[] {
    const last = replies.at(-1);
    if (!last) return replies;
    return [...replies.slice(0, -1), { ...last, buttons: [...(last.buttons ?? []), cancelButton(ctx)] }];
  }

  function summary(ctx: TurnContext, s: S): Reply {
    const t = ctx.t;
    const lines = applicable(ctx).flatMap((st) => (st.summary ? [st.summary(ctx, s)] : []));
    return {
      text: [t(spec.texts.summaryTitle), ...lines, t(spec.texts.summaryQuestion)].join('\n'),
      buttons: [
        // The run id rides on the button: a second tap finds what the first one filed.
        { title: t(spec.texts.send), payload: `${CONFIRM}:${s.runId ?? ''}` },
        { title: t(spec.texts.edit), payload: `${P}edit` },
        cancelButton(ctx),
      ],
    };
  }

  function editMenu(ctx: TurnContext): Reply {
    return {
      text: ctx.t(spec.texts.editQuestion),
      buttons: [
        ...applicable(ctx).map((st) => ({ title: ctx.t(st.label), payload: `${P}edit:${st.name}` })),
        { title: ctx.t(spec.texts.backToSummary), payload: `${P}summary` },
      ],
    };
  }

  /** Asks a step (or shows the summary or the correction menu), after `lead`. */
  function ask(ctx: TurnContext, step: string, s: S, lead?: string): Reply[] {
    const before = lead ? [{ text: lead }] : [];
    if (step === CONFIRM_STEP) return [...before, summary(ctx, s)];
    if (step === EDIT_STEP) return [...before, editMenu(ctx)];
    return [...before, ...withCancel(ctx, byName.get(step)!.prompt(ctx, s))];
  }

  function goTo(ctx: TurnContext, step: string, s: S, lead?: string): Reply[] {
    ctx.setDialog(step, s);
    return ask(ctx, step, s, lead);
  }

  /** The first step from `from` on that applies and is not filled; the summary when there is none. */
  function firstOpen(ctx: TurnContext, s: S, from: string | undefined): string {
    const steps = applicable(ctx);
    const names = new Set(steps.map((st) => st.name));
    const seen = new Set<string>();
    let name = from;
    while (name && !seen.has(name)) {
      seen.add(name);
      const st = byName.get(name);
      if (st && names.has(name) && !st.filled(s)) return name;
      name = st ? nextOf(st, s) : undefined;
    }
    return CONFIRM_STEP;
  }

  function nextOf(st: FormStep<S>, s: S): string | undefined {
    if (st.next) return st.next(s);
    return spec.steps[spec.steps.indexOf(st) + 1]?.name;
  }

  /** A correction: the field is asked again, then the form goes on (to the summary when all is filled). */
  function correct(ctx: TurnContext, s: S, st: FormStep<S>): Reply[] {
    return goTo(ctx, st.name, st.clear ? st.clear(s) : s);
  }

  function fieldNamed(ctx: TurnContext, s: S, key: string): FormStep<S> | undefined {
    return applicable(ctx).find((st) => st.names.test(key) && st.filled(s));
  }

  async function confirmStep(ctx: TurnContext, s: S, input: FormInput): Promise<Reply[]> {
    const { payload, key } = input;
    if (payload === `${P}edit` || (!payload && EDIT_MENU_WORDS.test(key))) return goTo(ctx, EDIT_STEP, s);
    if (!payload && CORRECTION.test(key)) {
      const st = fieldNamed(ctx, s, key);
      if (st) return correct(ctx, s, st);
    }
    if (payload?.startsWith(CONFIRM) || (!payload && CONFIRM_WORDS.includes(key))) {
      const open = firstOpen(ctx, s, spec.steps[0]?.name);
      // A form restored from an older version of the dialog: ask for what is missing.
      if (open !== CONFIRM_STEP) return goTo(ctx, open, s, ctx.t(spec.texts.incomplete));
      return spec.submit(ctx, s, s.runId ?? newRunId());
    }
    return ask(ctx, CONFIRM_STEP, s, ctx.t(spec.texts.confirmExpected));
  }

  function editStep(ctx: TurnContext, s: S, input: FormInput): Reply[] {
    const { payload, key } = input;
    if (payload === `${P}summary`) return goTo(ctx, firstOpen(ctx, s, spec.steps[0]?.name), s);
    const st = payload?.startsWith(`${P}edit:`)
      ? applicable(ctx).find((x) => x.name === payload.slice(`${P}edit:`.length))
      : applicable(ctx).find((x) => x.names.test(key));
    if (!st) return ask(ctx, EDIT_STEP, s, ctx.t(spec.texts.pickField));
    return correct(ctx, s, st);
  }

  return {
    owns: (step) => step === CONFIRM_STEP || step === EDIT_STEP || byName.has(step),

    start(ctx, state, lead) {
      const s = { ...state, runId: newRunId() };
      const first = firstOpen(ctx, s, spec.steps[0]?.name);
      ctx.startDialog(spec.dialog, first, s);
      return ask(ctx, first, s, lead);
    },

    async handle(ctx, step, s, input) {
      if (input.payload === `${P}cancel`) {
        ctx.endDialog();
        return spec.cancelled(ctx);
      }
      // "Gửi" of an earlier run of the form, tapped again while a new one is open: that run's answer,
      // then the new form's question again.
      const tapped = runOf(input.payload);
      if (tapped && tapped !== s.runId) return [...((await spec.submitted(ctx, tapped)) ?? []), ...ask(ctx, step, s)];
      if (step === CONFIRM_STEP) return confirmStep(ctx, s, input);
      if (step === EDIT_STEP) return editStep(ctx, s, input);
      const st = byName.get(step);
      if (!st) return null;

      // "sửa tên" in the middle of the form corrects an earlier answer, then the form goes on.
      if (!input.payload && !st.freeText && CORRECTION.test(input.key)) {
        const earlier = fieldNamed(ctx, s, input.key);
        if (earlier) return correct(ctx, s, earlier);
      }
      if (input.attachments?.length && !st.attachments) return ask(ctx, step, s, ctx.t(spec.texts.attachmentHere));
      // A summary's button here is not this step's answer.
      if (input.payload?.startsWith(CONFIRM)) return ask(ctx, step, s, ctx.t(spec.texts.incomplete));

      const outcome = st.accept(ctx, s, input);
      if ('retry' in outcome) {
        // A new question instead of an answer: the form is left and the question answered.
        if (st.leavesOn && !input.payload && !input.attachments?.length && leavesFor(st, await ctx.analyze())) {
          ctx.endDialog(spec.left(ctx, s));
          return null;
        }
        return ask(ctx, step, s, outcome.retry);
      }
      if ('exit' in outcome) {
        ctx.endDialog();
        return outcome.exit;
      }
      if ('stay' in outcome) {
        ctx.setDialog(step, outcome.stay);
        return withCancel(ctx, outcome.replies);
      }
      const next = firstOpen(ctx, outcome.ok, nextOf(st, outcome.ok));
      // Past the last step: anything still open earlier (a restored form) comes before the summary.
      const target = next === CONFIRM_STEP ? firstOpen(ctx, outcome.ok, spec.steps[0]?.name) : next;
      return goTo(ctx, target, outcome.ok, outcome.lead);
    },

    async resubmitted(ctx, payload) {
      const runId = runOf(payload);
      return runId ? spec.submitted(ctx, runId) : null;
    },
  };
}

/** A run id: short, ASCII, unguessable enough that one citizen's key never meets another's. */
function newRunId(): string {
  return randomBytes(9).toString('base64url');
}
