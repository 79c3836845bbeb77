// Greeting, main menu, language switch, cancel, and the fallback that records unanswered text.
// The engine decides when these answer (global commands, fallback); this file says what they say.
import type { Reply } from '../core/types';
import type { Handler, MenuReplies, TurnContext } from './types';
import { faqAnswer } from '../knowledge/faq';

export const MENU_PAYLOAD = 'menu';
const LANG_PAYLOAD_PREFIX = 'lang:';

/** The menu lists what the registered capabilities contribute, in their order. */
export function menuReply(ctx: Pick<TurnContext, 't' | 'lang'>, handlers: readonly Handler[], intro?: string): Reply {
  const entries = handlers
    .flatMap((h) => h.menu ?? [])
    .sort((a, b) => a.order - b.order)
    .map((m) => ({ title: ctx.t(m.titleKey), payload: m.payload }));
  entries.push({ title: ctx.t('common:menu.language'), payload: `${LANG_PAYLOAD_PREFIX}${ctx.lang === 'vi' ? 'en' : 'vi'}` });
  return { text: intro ?? ctx.t('common:menu_title'), buttons: entries };
}

export function createMenuHandler(getHandlers: () => readonly Handler[]): Handler & MenuReplies {
  const greet = (ctx: TurnContext): Reply[] => [
    menuReply(ctx, getHandlers(), ctx.t('common:greeting', { commune: ctx.config.COMMUNE_NAME })),
  ];
  const switchTo = (ctx: TurnContext, lang: 'vi' | 'en'): Reply[] => {
    ctx.setLang(lang);
    return [menuReply(ctx, getHandlers(), ctx.t('common:language_switched'))];
  };
  return {
    name: 'menu',
    payloadPrefixes: [MENU_PAYLOAD, LANG_PAYLOAD_PREFIX, 'procedures:hint'],
    async onPayload(ctx, payload) {
      if (payload === MENU_PAYLOAD) {
        ctx.endDialog();
        return [menuReply(ctx, getHandlers())];
      }
      if (payload === 'procedures:hint') return [{ text: ctx.t('common:procedures_hint') }];
      if (payload.startsWith(LANG_PAYLOAD_PREFIX)) return switchTo(ctx, payload.endsWith('en') ? 'en' : 'vi');
      return null;
    },
    // The menu, cancel and language words are recognised by the engine (bot/global-commands.ts),
    // which answers them with the replies below.
    async greet(ctx) {
      ctx.endDialog();
      return greet(ctx);
    },
    async cancelled(ctx, hadDialog) {
      ctx.endDialog();
      return [menuReply(ctx, getHandlers(), ctx.t(hadDialog ? 'common:cancelled' : 'common:nothing_to_cancel'))];
    },
    async switchLanguage(ctx, lang) {
      return switchTo(ctx, lang);
    },
    intents: ['greeting'],
    async onIntent(ctx) {
      return greet(ctx);
    },
    async onEvent(ctx) {
      return ctx.event.kind === 'follow' ? greet(ctx) : null;
    },
    menu: [{ titleKey: 'common:menu.procedures', payload: 'procedures:hint', order: 10 }],
    async fallback(ctx) {
      // Commune information staff wrote in the admin (knowledge/faq.ts) before "not understood".
      const faq = await faqAnswer(ctx.db, ctx.text);
      if (faq) return [{ text: faq.answer, buttons: [{ title: ctx.t('common:menu_button'), payload: MENU_PAYLOAD }] }];
      await ctx.recordUnanswered();
      return [menuReply(ctx, getHandlers(), ctx.t('common:fallback'))];
    },
  };
}
