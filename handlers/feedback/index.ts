// Complaints and petitions (PAKN, docs/domain.md §3) in the chat: a guided form, status by code,
// and "talk to a person" support requests that land in the staff inbox.
import type { Analysis, Attachment, Reply } from '../../core/types';
import { z } from 'zod';
import type { Handler, HandlerResult, TurnContext } from '../types';
import { readDialog } from '../dialog';
import type { Config } from '../../core/config';
import type { Db } from '../../models/db';
import { fold } from '../../knowledge/normalize';
import {
  citizenWroteAgain, CODE_PATTERN, countSubmissionsOn, createFeedback, DEFAULT_DUE_WORKING_DAYS, findByCode,
  getFeedback, openSupportRequest, PAKN_KINDS, parseDueDays, SUPPORT_KIND,
  type FeedbackKind, type FeedbackPhoto, type PaknKind,
} from '../../models/repos/feedback';
import {
  IMAGE_CHANNELS, MAX_ADDRESS_LENGTH, MAX_CONTENT_LENGTH, MAX_NAME_LENGTH, MAX_PER_USER_PER_DAY, MAX_PHOTO_BYTES,
  MAX_PHOTOS, MIN_CONTENT_LENGTH, SUMMARY_CONTENT_CHARS, SUPPORT_MAX_PHOTOS,
} from './limits';
import { notifyStaffGroup } from './notify';
import { officeState, parseOfficeHours } from './office-hours';
import { displayDate, systemClock, vnDate, vnParts, type Clock } from '../../core/clock';
import { renderStatus } from './render';
import { logger } from '../../core/logger';
import { translator } from '../../core/i18n';

export const FEEDBACK_DIALOG = 'feedback';
const P = 'feedback:';
export const FEEDBACK_START_PAYLOAD = `${P}start`;

type Step = 'kind' | 'content' | 'photos' | 'name' | 'address' | 'phone' | 'public' | 'confirm' | 'edit' | 'status_code' | 'human';
type Field = 'kind' | 'content' | 'photos' | 'name' | 'address' | 'phone' | 'public';

const Photo = z.object({
  url: z.string().optional(),
  fileId: z.string().optional(),
  channel: z.string().optional(),
  size: z.number().optional(),
}) satisfies z.ZodType<FeedbackPhoto>;
const FormState = z.object({
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
type FormState = z.infer<typeof FormState>;

// Folded words (no diacritics).
const ASKS_PHONE = /\b(so dien thoai|sdt|so dt|hotline|phone number)\b/;
// Words beyond the trigger phrase that make a first message worth offering as the content.
const DRAFT_MIN_WORDS = 4;
// Beside the global cancel words, these also end a chat with staff.
const HUMAN_END_WORDS = ['ket thuc', 'xong', 'end'];
const DONE_WORDS = ['xong', 'bo qua', 'khong', 'khong co', 'skip', 'done', 'next', 'tiep', 'tiep tuc'];
const YES_WORDS = ['co', 'dong y', 'cong khai', 'yes', 'y', 'ok', 'gui', 'xac nhan', 'send', 'confirm'];
const NO_WORDS = ['khong', 'khong cong khai', 'no', 'n', 'rieng tu'];
const LEGAL_COMPLAINT = /\b(khieu nai|to cao|complaint|denounce)\b/;
const HUMAN_COMMANDS = ['gap can bo', 'noi chuyen voi nguoi that', 'gap nguoi that', 'noi chuyen voi can bo', 'human', 'talk to a person'];
const KIND_WORDS: Record<PaknKind, RegExp> = {
  quy_dinh: /\b(quy dinh|regulation)\b/,
  giai_quyet: /\b(giai quyet|thai do|can bo|handling|attitude|staff)\b/,
  kien_nghi: /\b(kien nghi|gop y|de xuat|suggestion|proposal)\b/,
  khac: /\b(khac|other)\b/,
};
const EDIT_WORDS: [Field, RegExp][] = [
  ['kind', /\b(loai|kind)\b/],
  ['content', /\b(noi dung|content)\b/],
  ['photos', /\b(anh|photo)/],
  ['name', /\b(ten|ho ten|name)\b/],
  ['address', /\b(dia chi|address)\b/],
  ['phone', /\b(dien thoai|sdt|so dt|phone)\b/],
  ['public', /\b(cong khai|public)\b/],
];
// A Vietnamese phone number: 0 or +84, then 9–10 digits (mobile 0xx xxx xxxx, landline 02xx xxx xxxx).
const PHONE = /^(?:\+?84|0)(\d{9,10})$/;

export interface FeedbackHandlerDeps {
  db: Db;
  config: Config;
  /** The clock (tests fix it to check office hours). */
  now?: Clock;
}

export function createFeedbackHandler(deps: FeedbackHandlerDeps): Handler {
  const { config } = deps;
  const now = deps.now ?? systemClock;
  const dueDays = parseDueDays(config.FEEDBACK_DUE_DAYS, DEFAULT_DUE_WORKING_DAYS);
  // Read at each use: staff may change office hours in the admin's settings while the server runs.
  let officeKey = '';
  let officeParsed = parseOfficeHours(config.OFFICE_HOURS, config.OFFICE_DAYS);
  const officeNow = () => {
    const key = `${config.OFFICE_HOURS}|${config.OFFICE_DAYS}`;
    if (key !== officeKey) [officeKey, officeParsed] = [key, parseOfficeHours(config.OFFICE_HOURS, config.OFFICE_DAYS)];
    return officeParsed;
  };
  const hasImages = (ctx: TurnContext) => IMAGE_CHANNELS.includes(ctx.event.channel);

  // ---------------------------------------------------------------- prompts
  const cancelButton = (ctx: TurnContext) => ({ title: ctx.t('feedback:buttons.cancel'), payload: `${P}cancel` });

  function prompt(ctx: TurnContext, step: Step, s: FormState, prefix?: string): Reply[] {
    const t = ctx.t;
    const lead = prefix ? [{ text: prefix }] : [];
    switch (step) {
      case 'kind':
        return [
          ...lead,
          {
            text: t('feedback:ask.kind'),
            buttons: [
              ...PAKN_KINDS.map((k) => ({ title: t(`feedback:kinds.${k}`), payload: `${P}kind:${k}` })),
              { title: t('feedback:buttons.complaint'), payload: `${P}complaint_info` },
              cancelButton(ctx),
            ],
          },
        ];
      case 'content':
        if (s.draft && !s.content) {
          return [
            ...lead,
            {
              text: `${t('feedback:ask.content', { max: MAX_CONTENT_LENGTH })}\n${t('feedback:ask.use_draft', { draft: s.draft })}`,
              buttons: [{ title: t('feedback:buttons.use_draft'), payload: `${P}use_draft` }, cancelButton(ctx)],
            },
          ];
        }
        return [...lead, { text: t('feedback:ask.content', { max: MAX_CONTENT_LENGTH }), buttons: [cancelButton(ctx)] }];
      case 'photos':
        return [
          ...lead,
          {
            text: t('feedback:ask.photos', { max: MAX_PHOTOS, mb: MAX_PHOTO_BYTES / 1024 / 1024, count: s.photos?.length ?? 0 }),
            buttons: [{ title: t('feedback:buttons.photos_done'), payload: `${P}photos_done` }, cancelButton(ctx)],
          },
        ];
      case 'name':
        return [...lead, { text: t('feedback:ask.name'), buttons: [cancelButton(ctx)] }];
      case 'address':
        return [...lead, { text: t('feedback:ask.address'), buttons: [cancelButton(ctx)] }];
      case 'phone':
        return [...lead, { text: t('feedback:ask.phone'), buttons: [cancelButton(ctx)] }];
      case 'public':
        return [
          ...lead,
          {
            text: t('feedback:ask.public'),
            buttons: [
              { title: t('feedback:buttons.public_yes'), payload: `${P}public:yes` },
              { title: t('feedback:buttons.public_no'), payload: `${P}public:no` },
              cancelButton(ctx),
            ],
          },
        ];
      case 'confirm':
        return [...lead, summary(ctx, s)];
      case 'edit':
        return [
          ...lead,
          {
            text: t('feedback:ask.edit'),
            buttons: [
              ...(['kind', 'content', ...(hasImages(ctx) ? ['photos'] : []), 'name', 'address', 'phone', 'public'] as Field[]).map((f) => ({
                title: t(`feedback:fields.${f}`),
                payload: `${P}edit:${f}`,
              })),
              { title: t('feedback:buttons.back_to_summary'), payload: `${P}summary` },
            ],
          },
        ];
      case 'status_code':
        return [...lead, { text: t('feedback:ask.code'), buttons: [cancelButton(ctx)] }];
      case 'human':
        return lead;
    }
  }

  function summary(ctx: TurnContext, s: FormState): Reply {
    const t = ctx.t;
    const content = s.content ?? '';
    const shown = content.length > SUMMARY_CONTENT_CHARS ? `${content.slice(0, SUMMARY_CONTENT_CHARS)}…` : content;
    const lines = [
      t('feedback:summary.title'),
      t('feedback:summary.kind', { value: s.kind ? t(`feedback:kinds.${s.kind}`) : '' }),
      t('feedback:summary.content', { value: shown }),
      ...(hasImages(ctx) ? [t('feedback:summary.photos', { count: s.photos?.length ?? 0 })] : []),
      t('feedback:summary.name', { value: s.name }),
      t('feedback:summary.address', { value: s.address }),
      t('feedback:summary.phone', { value: s.phone }),
      t('feedback:summary.public', { value: t(s.isPublic ? 'feedback:summary.yes' : 'feedback:summary.no') }),
      t('feedback:summary.question'),
    ];
    return {
      text: lines.join('\n'),
      buttons: [
        { title: t('feedback:buttons.send'), payload: `${P}confirm` },
        { title: t('feedback:buttons.edit'), payload: `${P}edit` },
        cancelButton(ctx),
      ],
    };
  }

  /** After a field is filled: the next missing one, else the summary (so a correction returns there). */
  function advance(ctx: TurnContext, s: FormState, prefix?: string): Reply[] {
    const order: Step[] = ['kind', 'content', ...(hasImages(ctx) ? (['photos'] as Step[]) : []), 'name', 'address', 'phone', 'public'];
    const done: Record<string, boolean> = {
      kind: Boolean(s.kind),
      content: Boolean(s.content),
      photos: Array.isArray(s.photos),
      name: Boolean(s.name),
      address: Boolean(s.address),
      phone: Boolean(s.phone),
      public: typeof s.isPublic === 'boolean',
    };
    const step: Step = order.find((st) => !done[st]) ?? 'confirm';
    ctx.setDialog(step, s);
    return prompt(ctx, step, s, prefix);
  }

  // ---------------------------------------------------------------- entry points
  async function limitReached(ctx: TurnContext): Promise<boolean> {
    const n = await countSubmissionsOn(deps.db, ctx.event.channel, ctx.event.userId, vnDate(now()));
    return n >= MAX_PER_USER_PER_DAY;
  }

  async function startForm(ctx: TurnContext, draft?: string): Promise<Reply[]> {
    if (await limitReached(ctx)) {
      ctx.endDialog();
      return [{ text: ctx.t('feedback:refuse.per_day', { max: MAX_PER_USER_PER_DAY, phone: ctx.config.OFFICE_PHONE ?? ctx.config.OFFICE_ADDRESS }) }];
    }
    const state: FormState = draft ? { draft } : {};
    ctx.startDialog(FEEDBACK_DIALOG, 'kind', state);
    return prompt(ctx, 'kind', state, ctx.t('feedback:intro'));
  }

  /** A message that says more than "I want to complain" is kept to be offered as the content. */
  function draftOf(text: string): string | undefined {
    const rest = fold(text)
      .replace(/\b(toi|em|minh|chau|muon|can|xin|gui|cho|hoi|ve|phan anh|kien nghi|gop y|a|ah|nhe|voi|ad|oi|de)\b/g, ' ')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    const words = rest ? rest.split(' ').length : 0;
    const trimmed = text.trim();
    return words >= DRAFT_MIN_WORDS && trimmed.length >= MIN_CONTENT_LENGTH && trimmed.length <= MAX_CONTENT_LENGTH ? trimmed : undefined;
  }

  function complaintInfo(ctx: TurnContext): Reply[] {
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

  async function statusByCode(ctx: TurnContext, code: string): Promise<Reply[]> {
    const row = await findByCode(deps.db, code);
    if (!row) return [{ text: ctx.t('feedback:status.not_found', { code: code.toUpperCase() }) }];
    const owner = row.channel === ctx.event.channel && row.userId === ctx.event.userId;
    return renderStatus(ctx.t, row, owner);
  }

  async function startHuman(ctx: TurnContext): Promise<Reply[]> {
    const { db } = deps;
    const at = now();
    let request = await openSupportRequest(db, ctx.event.channel, ctx.event.userId);
    if (request) await citizenWroteAgain(db, request.id, at);
    else {
      request = await createFeedback(
        db,
        { kind: SUPPORT_KIND, channel: ctx.event.channel, userId: ctx.event.userId, lang: ctx.lang, content: ctx.text || ctx.t('feedback:human.default_content') },
        { dueDays, officeDays: officeNow().days, now: at },
      );
      logger.info({ channel: ctx.event.channel, code: request.code }, 'support request opened');
      await notifyStaffGroup(db, ctx.config, translator('vi'), request);
    }
    ctx.startDialog(FEEDBACK_DIALOG, 'human', { requestId: request.id });
    const state = officeState(officeNow(), at);
    const when = state.open
      ? ctx.t('feedback:human.open')
      : ctx.t('feedback:human.closed', {
          hours: ctx.config.OFFICE_HOURS.replace('-', '–'),
          days: weekdaysText(ctx, officeNow().days),
          time: vnParts(state.nextOpen).time,
          weekday: ctx.t(`feedback:weekdays.${vnParts(state.nextOpen).weekday}`),
          date: vnParts(state.nextOpen).date,
        });
    const phone = ctx.config.OFFICE_PHONE ? `\n${ctx.t('feedback:human.phone', { phone: ctx.config.OFFICE_PHONE })}` : '';
    return [
      {
        text: `${ctx.t('feedback:human.queued', { code: request.code })}\n${when}${phone}`,
        buttons: [{ title: ctx.t('feedback:buttons.leave_human'), payload: `${P}human_end` }],
      },
    ];
  }

  // ---------------------------------------------------------------- one step of the dialog
  async function onStep(ctx: TurnContext, input: { payload?: string; text: string; attachments?: Attachment[] }): Promise<HandlerResult> {
    const dialog = readDialog(ctx, FEEDBACK_DIALOG, FormState);
    if (!dialog) return null;
    const step = dialog.step as Step;
    const s = dialog.state;
    const t = ctx.t;
    const key = fold(input.text).replace(/[.!?]+$/, '');
    const payload = input.payload;

    // Cancel and menu words are the engine's (global commands); the cancel button is ours.
    if (payload === `${P}cancel`) return cancel(ctx);
    if (step === 'human') return humanStep(ctx, s, input, key);

    // "sửa tên" in the middle of the form corrects an earlier answer, then the form goes on.
    // Not at the content step: "sửa lại địa chỉ nhà văn hoá" may well be the complaint itself.
    if (!payload && ['photos', 'name', 'address', 'phone', 'public'].includes(step) && /^(sua|doi)\b/.test(key)) {
      const field = EDIT_WORDS.find(([f, re]) => re.test(key) && filled(s, f))?.[0];
      if (field) return editField(ctx, s, field);
    }

    // Attachments only make sense at the photo step.
    if (input.attachments?.length && step !== 'photos') {
      return prompt(ctx, step, s, t('feedback:refuse.attachment_here'));
    }

    switch (step) {
      case 'kind': {
        let kind: PaknKind | undefined;
        if (payload?.startsWith(`${P}kind:`)) kind = payload.slice(`${P}kind:`.length) as PaknKind;
        else if (!payload) {
          if (LEGAL_COMPLAINT.test(key)) {
            ctx.endDialog();
            return complaintInfo(ctx);
          }
          kind = PAKN_KINDS.find((k) => KIND_WORDS[k].test(key));
        }
        if (!kind || !PAKN_KINDS.includes(kind)) return prompt(ctx, 'kind', s, t('feedback:refuse.pick_kind'));
        return advance(ctx, { ...s, kind });
      }
      case 'content': {
        if (payload === `${P}use_draft` && s.draft) return advance(ctx, { ...s, content: s.draft });
        const text = input.text.trim();
        if (!text || text.replace(/[^\p{L}\p{N}]/gu, '').length === 0) return prompt(ctx, 'content', s, t('feedback:refuse.content_missing'));
        if (text.length > MAX_CONTENT_LENGTH) {
          return prompt(ctx, 'content', s, t('feedback:refuse.content_too_long', { length: text.length, max: MAX_CONTENT_LENGTH }));
        }
        if (text.length < MIN_CONTENT_LENGTH) {
          return prompt(ctx, 'content', s, t('feedback:refuse.content_too_short', { min: MIN_CONTENT_LENGTH }));
        }
        return advance(ctx, { ...s, content: text });
      }
      case 'photos': {
        const photos = [...(s.photos ?? [])];
        if (input.attachments?.length) {
          const notes: string[] = [];
          for (const a of input.attachments) {
            if (a.type !== 'image' || !(a.url || a.name)) notes.push(t('feedback:refuse.not_image'));
            else if (a.size !== undefined && a.size > MAX_PHOTO_BYTES) {
              notes.push(t('feedback:refuse.photo_too_big', { mb: (a.size / 1024 / 1024).toFixed(1), max: MAX_PHOTO_BYTES / 1024 / 1024 }));
            } else if (photos.length >= MAX_PHOTOS) notes.push(t('feedback:refuse.too_many_photos', { max: MAX_PHOTOS }));
            else {
              // Telegram gives a file id, not an address: keep it so the image can be fetched later.
              photos.push({
                ...(a.url ? { url: a.url } : { fileId: a.name }),
                channel: ctx.event.channel,
                ...(a.size !== undefined ? { size: a.size } : {}),
              });
            }
          }
          const state = { ...s, photos };
          const received = photos.length - (s.photos?.length ?? 0);
          const lead = [...notes, ...(received ? [t('feedback:photo_received', { count: photos.length, max: MAX_PHOTOS })] : [])].join('\n');
          if (photos.length >= MAX_PHOTOS && !notes.length) return advance(ctx, state, lead);
          ctx.setDialog('photos', state);
          return [
            {
              text: lead,
              buttons: [{ title: t('feedback:buttons.photos_done'), payload: `${P}photos_done` }, cancelButton(ctx)],
            },
          ];
        }
        if (payload === `${P}photos_done` || DONE_WORDS.includes(key)) return advance(ctx, { ...s, photos });
        return prompt(ctx, 'photos', s, t('feedback:refuse.photos_expected'));
      }
      case 'name': {
        const name = input.text.trim().replace(/\s+/g, ' ');
        if (!/\p{L}/u.test(name) || DONE_WORDS.includes(key)) return prompt(ctx, 'name', s, t('feedback:refuse.required', { field: t('feedback:fields.name') }));
        if (name.length < 2 || name.length > MAX_NAME_LENGTH) return prompt(ctx, 'name', s, t('feedback:refuse.name_length', { max: MAX_NAME_LENGTH }));
        return advance(ctx, { ...s, name });
      }
      case 'address': {
        const address = input.text.trim().replace(/\s+/g, ' ');
        if (!/\p{L}/u.test(address) || DONE_WORDS.includes(key)) {
          return prompt(ctx, 'address', s, t('feedback:refuse.required', { field: t('feedback:fields.address') }));
        }
        if (address.length < 5 || address.length > MAX_ADDRESS_LENGTH) {
          return prompt(ctx, 'address', s, t('feedback:refuse.address_length', { max: MAX_ADDRESS_LENGTH }));
        }
        return advance(ctx, { ...s, address });
      }
      case 'phone': {
        const digits = input.text.replace(/[\s.\-()]/g, '');
        if (!digits || DONE_WORDS.includes(key)) return prompt(ctx, 'phone', s, t('feedback:refuse.required', { field: t('feedback:fields.phone') }));
        const m = PHONE.exec(digits);
        if (!m) return prompt(ctx, 'phone', s, t('feedback:refuse.phone_invalid'));
        return advance(ctx, { ...s, phone: `0${m[1]}` });
      }
      case 'public': {
        let value: boolean | undefined;
        if (payload === `${P}public:yes` || (!payload && YES_WORDS.includes(key))) value = true;
        else if (payload === `${P}public:no` || (!payload && NO_WORDS.includes(key))) value = false;
        if (value === undefined) return prompt(ctx, 'public', s, t('feedback:refuse.yes_no'));
        return advance(ctx, { ...s, isPublic: value });
      }
      case 'confirm': {
        if (payload === `${P}edit` || (!payload && /^(sua|edit|chinh sua)$/.test(key))) {
          ctx.setDialog('edit', s);
          return prompt(ctx, 'edit', s);
        }
        const field = !payload ? EDIT_WORDS.find(([, re]) => /^(sua|edit|doi)\b/.test(key) && re.test(key))?.[0] : undefined;
        if (field) return editField(ctx, s, field);
        if (payload === `${P}confirm` || (!payload && YES_WORDS.includes(key))) return submit(ctx, s);
        return prompt(ctx, 'confirm', s, t('feedback:refuse.confirm_expected'));
      }
      case 'edit': {
        if (payload === `${P}summary`) return advance(ctx, s);
        const field = payload?.startsWith(`${P}edit:`)
          ? (payload.slice(`${P}edit:`.length) as Field)
          : EDIT_WORDS.find(([, re]) => re.test(key))?.[0];
        if (!field) return prompt(ctx, 'edit', s, t('feedback:refuse.pick_field'));
        return editField(ctx, s, field);
      }
      case 'status_code': {
        const m = CODE_PATTERN.exec(input.text.toUpperCase());
        if (!m) return prompt(ctx, 'status_code', s, t('feedback:refuse.code_format'));
        ctx.endDialog();
        return statusByCode(ctx, m[0]);
      }
    }
    return null;
  }

  function filled(s: FormState, f: Field): boolean {
    if (f === 'public') return typeof s.isPublic === 'boolean';
    if (f === 'photos') return Array.isArray(s.photos);
    return Boolean(s[f]);
  }

  function editField(ctx: TurnContext, s: FormState, field: Field): Reply[] {
    const state: FormState = { ...s };
    const step: Step = field;
    if (field === 'photos') state.photos = [];
    ctx.setDialog(step, state);
    return prompt(ctx, step, state);
  }

  async function submit(ctx: TurnContext, s: FormState): Promise<Reply[]> {
    const t = ctx.t;
    const missing = (['kind', 'content', 'name', 'address', 'phone'] as const).filter((f) => !s[f]);
    if (missing.length || typeof s.isPublic !== 'boolean') {
      // A form restored from an older version of the dialog: ask for what is missing.
      return advance(ctx, s, t('feedback:refuse.incomplete'));
    }
    if (await limitReached(ctx)) {
      ctx.endDialog();
      return [{ text: t('feedback:refuse.per_day', { max: MAX_PER_USER_PER_DAY, phone: ctx.config.OFFICE_PHONE ?? ctx.config.OFFICE_ADDRESS }) }];
    }
    // Stored first; the acknowledgement (with the code) only after the row exists.
    const row = await createFeedback(
      deps.db,
      {
        kind: s.kind as FeedbackKind,
        channel: ctx.event.channel,
        userId: ctx.event.userId,
        lang: ctx.lang,
        content: s.content!,
        photos: s.photos ?? [],
        name: s.name!,
        address: s.address!,
        phone: s.phone!,
        isPublic: s.isPublic,
      },
      { dueDays, officeDays: officeNow().days, now: now() },
    );
    logger.info({ channel: ctx.event.channel, code: row.code, kind: row.kind }, 'feedback received');
    await notifyStaffGroup(deps.db, ctx.config, translator('vi'), row);
    ctx.endDialog();
    ctx.remember('lastFeedbackCode', row.code);
    return [
      {
        text: t('feedback:acknowledged', { code: row.code, days: dueDays[row.kind], due: displayDate(row.dueDate) }),
        buttons: [{ title: t('feedback:buttons.menu'), payload: 'menu' }],
      },
    ];
  }

  async function humanStep(ctx: TurnContext, s: FormState, input: { payload?: string; text: string; attachments?: Attachment[] }, key: string): Promise<HandlerResult> {
    const request = s.requestId ? await getFeedback(deps.db, s.requestId) : undefined;
    if (input.payload === `${P}human_end` || HUMAN_END_WORDS.includes(key)) return cancel(ctx);
    // Staff closed or transferred it: back to the automatic assistant for this message.
    if (!request || request.status === 'da_dong' || request.status === 'da_chuyen') {
      ctx.endDialog();
      return null;
    }
    if (input.payload) return null;
    // Images sent to staff are kept on the request (the message log holds text only).
    const photos = (input.attachments ?? [])
      .filter((a) => a.type === 'image' && (a.url || a.name) && (a.size === undefined || a.size <= MAX_PHOTO_BYTES))
      .map((a) => ({ ...(a.url ? { url: a.url } : { fileId: a.name }), channel: ctx.event.channel, ...(a.size !== undefined ? { size: a.size } : {}) }));
    await citizenWroteAgain(deps.db, request.id, now(), { photos, maxPhotos: SUPPORT_MAX_PHOTOS });
    return [{ text: ctx.t('feedback:human.forwarded'), buttons: [{ title: ctx.t('feedback:buttons.leave_human'), payload: `${P}human_end` }] }];
  }

  /** Leaves the form, the status question or the chat with staff, saying which. */
  function cancel(ctx: TurnContext): Reply[] {
    const step = ctx.session.dialog?.step;
    ctx.endDialog();
    const key = step === 'human' ? 'feedback:human.ended' : step === 'status_code' ? 'feedback:status_cancelled' : 'feedback:cancelled';
    return [{ text: ctx.t(key), buttons: [{ title: ctx.t('feedback:buttons.menu'), payload: 'menu' }] }];
  }

  function weekdaysText(ctx: TurnContext, days: number[]): string {
    return days.map((d) => ctx.t(`feedback:weekdays.${d}`)).join(', ');
  }

  return {
    name: FEEDBACK_DIALOG,
    stateSchema: FormState,
    payloadPrefixes: [P],
    async onPayload(ctx, payload) {
      if (payload === FEEDBACK_START_PAYLOAD) return startForm(ctx);
      if (payload === `${P}complaint_info`) {
        ctx.endDialog();
        return complaintInfo(ctx);
      }
      if (payload === `${P}status`) {
        ctx.startDialog(FEEDBACK_DIALOG, 'status_code', {});
        return prompt(ctx, 'status_code', {});
      }
      if (payload === `${P}human`) return startHuman(ctx);
      return onStep(ctx, { payload, text: ctx.text });
    },
    async onDialog(ctx) {
      return onStep(ctx, { text: ctx.text, attachments: ctx.event.attachments });
    },
    async onCancel(ctx) {
      return cancel(ctx);
    },
    commands: [
      'gui phan anh', 'phan anh', 'kien nghi', 'gop y', 'gui kien nghi', 'gui gop y', 'phan anh kien nghi',
      'khieu nai', 'to cao', 'tra cuu phan anh', ...HUMAN_COMMANDS,
    ],
    async onCommand(ctx, command) {
      if (HUMAN_COMMANDS.includes(command)) return startHuman(ctx);
      if (command === 'khieu nai' || command === 'to cao') return complaintInfo(ctx);
      if (command === 'tra cuu phan anh') {
        ctx.startDialog(FEEDBACK_DIALOG, 'status_code', {});
        return prompt(ctx, 'status_code', {});
      }
      return startForm(ctx);
    },
    intents: ['feedback', 'human', 'unknown', 'dossier_status', 'procedure'],
    async onIntent(ctx, analysis: Analysis) {
      const code = CODE_PATTERN.exec(ctx.text.toUpperCase());
      if (code) return statusByCode(ctx, code[0]);
      if (analysis.intent === 'human') {
        // "xin số điện thoại của xã": the number answers it; a chat with staff stays one tap away.
        if (ctx.config.OFFICE_PHONE && ASKS_PHONE.test(fold(ctx.text))) {
          return [
            {
              text: ctx.t('feedback:human.phone_answer', { phone: ctx.config.OFFICE_PHONE, hours: ctx.config.OFFICE_HOURS.replace('-', '–') }),
              buttons: [{ title: ctx.t('feedback:menu.human'), payload: `${P}human` }],
            },
          ];
        }
        return startHuman(ctx);
      }
      if (analysis.intent !== 'feedback') return null;
      const key = fold(ctx.text);
      // "Khiếu nại"/"tố cáo" in the legal sense go elsewhere; "phản ánh"/"góp ý" start the form.
      if (LEGAL_COMPLAINT.test(key) && !/\b(phan anh|kien nghi|gop y)\b/.test(key)) return complaintInfo(ctx);
      return startForm(ctx, draftOf(ctx.text));
    },
    menu: [
      { titleKey: 'feedback:menu.send', payload: FEEDBACK_START_PAYLOAD, order: 40 },
      { titleKey: 'feedback:menu.human', payload: `${P}human`, order: 90 },
    ],
  };
}
