// The PAKN form (docs/domain.md §3) as declared steps: kind → content → photos (channels that send
// images) → name → address → phone → public, then the summary. Each step says how it asks and what
// it accepts; handlers/form.ts runs them (corrections, cancel, summary, confirm).
import { z } from 'zod';
import type { Reply } from '../../core/types';
import type { TurnContext } from '../types';
import { createFormRunner, type FormRunner, type FormStep, type StepOutcome } from '../form';
import { fold } from '../../knowledge/normalize';
import { PAKN_KINDS, type FeedbackPhoto, type PaknKind } from '../../models/repos/feedback/states';
import {
  IMAGE_CHANNELS, MAX_ADDRESS_LENGTH, MAX_CONTENT_LENGTH, MAX_NAME_LENGTH, MAX_PHOTO_BYTES, MAX_PHOTOS,
  MIN_CONTENT_LENGTH, SUMMARY_CONTENT_CHARS,
} from './limits';

export const FEEDBACK_DIALOG = 'feedback';
export const P = 'feedback:';
export const FEEDBACK_START_PAYLOAD = `${P}start`;
/** Memory key of a complaint told and left unsent for a new question: offered when the form starts again. */
export const MEMORY_FEEDBACK_DRAFT = 'feedbackDraft';

const Photo = z.object({
  url: z.string().optional(),
  fileId: z.string().optional(),
  channel: z.string().optional(),
  size: z.number().optional(),
}) satisfies z.ZodType<FeedbackPhoto>;

/** Every dialog of the feedback handler: the form's fields, and the support request of 'human'. */
export const FeedbackState = z.object({
  runId: z.string().optional(),
  kind: z.enum(PAKN_KINDS).optional(),
  content: z.string().optional(),
  photos: z.array(Photo).optional(),
  name: z.string().optional(),
  address: z.string().optional(),
  phone: z.string().optional(),
  isPublic: z.boolean().optional(),
  /** Support request id (step 'human'). */
  requestId: z.number().int().optional(),
  /** What the citizen wrote when starting ("cán bộ hẹn tôi ba lần…"): offered as the content. */
  draft: z.string().optional(),
});
export type FeedbackState = z.infer<typeof FeedbackState>;

// Folded words (no diacritics).
const DONE_WORDS = ['xong', 'bo qua', 'khong', 'khong co', 'skip', 'done', 'next', 'tiep', 'tiep tuc'];
const YES_WORDS = ['co', 'dong y', 'cong khai', 'yes', 'y', 'ok', 'gui', 'xac nhan', 'send', 'confirm'];
const NO_WORDS = ['khong', 'khong cong khai', 'no', 'n', 'rieng tu'];
/** "Khiếu nại"/"tố cáo" in the legal sense: not a PAKN (Luật Khiếu nại, Luật Tố cáo). */
export const LEGAL_COMPLAINT = /\b(khieu nai|to cao|complaint|denounce)\b/;
const KIND_WORDS: Record<PaknKind, RegExp> = {
  quy_dinh: /\b(quy dinh|regulation)\b/,
  giai_quyet: /\b(giai quyet|thai do|can bo|handling|attitude|staff)\b/,
  kien_nghi: /\b(kien nghi|gop y|de xuat|suggestion|proposal)\b/,
  khac: /\b(khac|other)\b/,
};
// A Vietnamese phone number: 0 or +84, then 9–10 digits (mobile 0xx xxx xxxx, landline 02xx xxx xxxx).
const PHONE = /^(?:\+?84|0)(\d{9,10})$/;

type Step = FormStep<FeedbackState>;

const hasImages = (ctx: TurnContext) => IMAGE_CHANNELS.includes(ctx.event.channel);
const text = (ctx: TurnContext, key: string, buttons: Reply['buttons'] = []): Reply[] => [{ text: ctx.t(key), buttons }];
const required = (ctx: TurnContext, field: string) => ({ retry: ctx.t('feedback:refuse.required', { field: ctx.t(`feedback:fields.${field}`) }) });
/** One line of the citizen's, spaces folded. */
const oneLine = (s: string) => s.trim().replace(/\s+/g, ' ');

const kind: Step = {
  name: 'kind',
  label: 'feedback:fields.kind',
  names: /\b(loai|kind)\b/,
  filled: (s) => Boolean(s.kind),
  // A complaint told as a story opens the form here; a clear question sent next is answered instead.
  leavesOn: ['procedure', 'fee', 'dossier_status', 'referral', 'human', 'subscribe', 'unsubscribe'],
  prompt: (ctx) =>
    text(ctx, 'feedback:ask.kind', [
      ...PAKN_KINDS.map((k) => ({ title: ctx.t(`feedback:kinds.${k}`), payload: `${P}kind:${k}` })),
      { title: ctx.t('feedback:buttons.complaint'), payload: `${P}complaint_info` },
    ]),
  accept(ctx, s, { payload, key }) {
    let value: PaknKind | undefined;
    if (payload?.startsWith(`${P}kind:`)) value = PAKN_KINDS.find((k) => k === payload.slice(`${P}kind:`.length));
    else if (!payload) {
      if (LEGAL_COMPLAINT.test(key)) return { exit: complaintInfo(ctx) };
      value = PAKN_KINDS.find((k) => KIND_WORDS[k].test(key));
    }
    if (!value) return { retry: ctx.t('feedback:refuse.pick_kind') };
    return { ok: { ...s, kind: value } };
  },
  summary: (ctx, s) => ctx.t('feedback:summary.kind', { value: s.kind ? ctx.t(`feedback:kinds.${s.kind}`) : '' }),
};

const content: Step = {
  name: 'content',
  label: 'feedback:fields.content',
  names: /\b(noi dung|content)\b/,
  freeText: true,
  filled: (s) => Boolean(s.content),
  prompt(ctx, s) {
    const ask = ctx.t('feedback:ask.content', { max: MAX_CONTENT_LENGTH });
    if (!s.draft || s.content) return [{ text: ask }];
    return [{ text: `${ask}\n${ctx.t('feedback:ask.use_draft', { draft: s.draft })}`, buttons: [{ title: ctx.t('feedback:buttons.use_draft'), payload: `${P}use_draft` }] }];
  },
  accept(ctx, s, input) {
    if (input.payload === `${P}use_draft` && s.draft) return { ok: { ...s, content: s.draft } };
    const value = input.text.trim();
    if (!value || value.replace(/[^\p{L}\p{N}]/gu, '').length === 0) return { retry: ctx.t('feedback:refuse.content_missing') };
    if (value.length > MAX_CONTENT_LENGTH) return { retry: ctx.t('feedback:refuse.content_too_long', { length: value.length, max: MAX_CONTENT_LENGTH }) };
    if (value.length < MIN_CONTENT_LENGTH) return { retry: ctx.t('feedback:refuse.content_too_short', { min: MIN_CONTENT_LENGTH }) };
    return { ok: { ...s, content: value } };
  },
  summary(ctx, s) {
    const value = s.content ?? '';
    return ctx.t('feedback:summary.content', { value: value.length > SUMMARY_CONTENT_CHARS ? `${value.slice(0, SUMMARY_CONTENT_CHARS)}…` : value });
  },
};

const photosDone = (ctx: TurnContext) => ({ title: ctx.t('feedback:buttons.photos_done'), payload: `${P}photos_done` });

const photos: Step = {
  name: 'photos',
  label: 'feedback:fields.photos',
  names: /\b(anh|photo)/,
  attachments: true,
  applies: hasImages,
  filled: (s) => Array.isArray(s.photos),
  clear: (s) => ({ ...s, photos: [] }),
  prompt: (ctx, s) => [
    {
      text: ctx.t('feedback:ask.photos', { max: MAX_PHOTOS, mb: MAX_PHOTO_BYTES / 1024 / 1024, count: s.photos?.length ?? 0 }),
      buttons: [photosDone(ctx)],
    },
  ],
  accept(ctx, s, input): StepOutcome<FeedbackState> {
    const kept = [...(s.photos ?? [])];
    if (!input.attachments?.length) {
      if (input.payload === `${P}photos_done` || DONE_WORDS.includes(input.key)) return { ok: { ...s, photos: kept } };
      return { retry: ctx.t('feedback:refuse.photos_expected') };
    }
    const notes: string[] = [];
    for (const a of input.attachments) {
      if (a.type !== 'image' || !(a.url || a.name)) notes.push(ctx.t('feedback:refuse.not_image'));
      else if (a.size !== undefined && a.size > MAX_PHOTO_BYTES) {
        notes.push(ctx.t('feedback:refuse.photo_too_big', { mb: (a.size / 1024 / 1024).toFixed(1), max: MAX_PHOTO_BYTES / 1024 / 1024 }));
      } else if (kept.length >= MAX_PHOTOS) notes.push(ctx.t('feedback:refuse.too_many_photos', { max: MAX_PHOTOS }));
      else kept.push(photoOf(ctx, a));
    }
    const state = { ...s, photos: kept };
    const received = kept.length - (s.photos?.length ?? 0);
    const lead = [...notes, ...(received ? [ctx.t('feedback:photo_received', { count: kept.length, max: MAX_PHOTOS })] : [])].join('\n');
    if (kept.length >= MAX_PHOTOS && !notes.length) return { ok: state, lead };
    return { stay: state, replies: [{ text: lead, buttons: [photosDone(ctx)] }] };
  },
  summary: (ctx, s) => ctx.t('feedback:summary.photos', { count: s.photos?.length ?? 0 }),
};

/** A photo as stored: Telegram gives a file id, not an address, kept so the image can be fetched later. */
export function photoOf(ctx: TurnContext, a: { url?: string; name?: string; size?: number }): FeedbackPhoto {
  return { ...(a.url ? { url: a.url } : { fileId: a.name }), channel: ctx.event.channel, ...(a.size !== undefined ? { size: a.size } : {}) };
}

const name: Step = {
  name: 'name',
  label: 'feedback:fields.name',
  names: /\b(ten|ho ten|name)\b/,
  filled: (s) => Boolean(s.name),
  prompt: (ctx) => text(ctx, 'feedback:ask.name'),
  accept(ctx, s, input) {
    const value = oneLine(input.text);
    if (!/\p{L}/u.test(value) || DONE_WORDS.includes(input.key)) return required(ctx, 'name');
    if (value.length < 2 || value.length > MAX_NAME_LENGTH) return { retry: ctx.t('feedback:refuse.name_length', { max: MAX_NAME_LENGTH }) };
    return { ok: { ...s, name: value } };
  },
  summary: (ctx, s) => ctx.t('feedback:summary.name', { value: s.name }),
};

const address: Step = {
  name: 'address',
  label: 'feedback:fields.address',
  names: /\b(dia chi|address)\b/,
  filled: (s) => Boolean(s.address),
  prompt: (ctx) => text(ctx, 'feedback:ask.address'),
  accept(ctx, s, input) {
    const value = oneLine(input.text);
    if (!/\p{L}/u.test(value) || DONE_WORDS.includes(input.key)) return required(ctx, 'address');
    if (value.length < 5 || value.length > MAX_ADDRESS_LENGTH) return { retry: ctx.t('feedback:refuse.address_length', { max: MAX_ADDRESS_LENGTH }) };
    return { ok: { ...s, address: value } };
  },
  summary: (ctx, s) => ctx.t('feedback:summary.address', { value: s.address }),
};

const phone: Step = {
  name: 'phone',
  label: 'feedback:fields.phone',
  names: /\b(dien thoai|sdt|so dt|phone)\b/,
  filled: (s) => Boolean(s.phone),
  prompt: (ctx) => text(ctx, 'feedback:ask.phone'),
  accept(ctx, s, input) {
    const digits = input.text.replace(/[\s.\-()]/g, '');
    if (!digits || DONE_WORDS.includes(input.key)) return required(ctx, 'phone');
    const m = PHONE.exec(digits);
    if (!m) return { retry: ctx.t('feedback:refuse.phone_invalid') };
    return { ok: { ...s, phone: `0${m[1]}` } };
  },
  summary: (ctx, s) => ctx.t('feedback:summary.phone', { value: s.phone }),
};

const isPublic: Step = {
  name: 'public',
  label: 'feedback:fields.public',
  names: /\b(cong khai|public)\b/,
  filled: (s) => typeof s.isPublic === 'boolean',
  prompt: (ctx) =>
    text(ctx, 'feedback:ask.public', [
      { title: ctx.t('feedback:buttons.public_yes'), payload: `${P}public:yes` },
      { title: ctx.t('feedback:buttons.public_no'), payload: `${P}public:no` },
    ]),
  accept(ctx, s, { payload, key }) {
    if (payload === `${P}public:yes` || (!payload && YES_WORDS.includes(key))) return { ok: { ...s, isPublic: true } };
    if (payload === `${P}public:no` || (!payload && NO_WORDS.includes(key))) return { ok: { ...s, isPublic: false } };
    return { retry: ctx.t('feedback:refuse.yes_no') };
  },
  summary: (ctx, s) => ctx.t('feedback:summary.public', { value: ctx.t(s.isPublic ? 'feedback:summary.yes' : 'feedback:summary.no') }),
};

/** The steps in order; each goes on to the next. */
export const PAKN_STEPS: Step[] = [kind, content, photos, name, address, phone, isPublic];

/** Where khiếu nại and tố cáo go instead (they are not PAKN). */
export function complaintInfo(ctx: TurnContext): Reply[] {
  return [
    {
      text: ctx.t('feedback:complaint_info', { commune: ctx.config.COMMUNE_NAME, address: ctx.config.OFFICE_ADDRESS }),
      buttons: [
        { title: ctx.t('feedback:buttons.continue_pakn'), payload: FEEDBACK_START_PAYLOAD },
        { title: ctx.t('feedback:buttons.menu'), payload: 'menu' },
      ],
    },
  ];
}

export interface PaknFormActions {
  /** Files the confirmed form (idempotent on the run id) and says the code. */
  submit(ctx: TurnContext, s: FeedbackState, runId: string): Promise<Reply[]>;
  /** What an earlier run filed, said again; null when that run filed nothing. */
  submitted(ctx: TurnContext, runId: string): Promise<Reply[] | null>;
}

export function createPaknForm(actions: PaknFormActions): FormRunner<FeedbackState> {
  return createFormRunner<FeedbackState>({
    dialog: FEEDBACK_DIALOG,
    prefix: P,
    steps: PAKN_STEPS,
    texts: {
      cancel: 'feedback:buttons.cancel',
      send: 'feedback:buttons.send',
      edit: 'feedback:buttons.edit',
      backToSummary: 'feedback:buttons.back_to_summary',
      summaryTitle: 'feedback:summary.title',
      summaryQuestion: 'feedback:summary.question',
      editQuestion: 'feedback:ask.edit',
      attachmentHere: 'feedback:refuse.attachment_here',
      confirmExpected: 'feedback:refuse.confirm_expected',
      pickField: 'feedback:refuse.pick_field',
      incomplete: 'feedback:refuse.incomplete',
    },
    submit: actions.submit,
    submitted: actions.submitted,
    cancelled: (ctx) => [{ text: ctx.t('feedback:cancelled'), buttons: [{ title: ctx.t('feedback:buttons.menu'), payload: 'menu' }] }],
    left(ctx, s) {
      // What the citizen told stays offered as the content when they press the button (or start again).
      if (s.draft) ctx.remember(MEMORY_FEEDBACK_DRAFT, s.draft);
      return [{ text: ctx.t('feedback:left'), buttons: [{ title: ctx.t('feedback:buttons.continue_pakn'), payload: FEEDBACK_START_PAYLOAD }] }];
    },
  });
}

/** The folded key of a message: what step words are compared with. */
export function keyOf(text: string): string {
  return fold(text).replace(/[.!?]+$/, '');
}
