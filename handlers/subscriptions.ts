// Subscribing to the weekly publication: "nhận tin", the menu button, or following the OA/page
// subscribes; "dừng", "huỷ nhận tin" or unfollowing unsubscribes. Every change is confirmed.
import type { Reply } from '../core/types';
import type { Handler, HandlerResult, TurnContext } from './types';
import type { HandlerDeps } from './index';
import { findSubscriber, subscribe, unsubscribe } from '../models/repos/subscriptions';
import { reviveWaiting } from '../models/repos/deliveries';
import type { SubscriptionReason } from '../models/schema/subscriptions';

export const SUBSCRIBE_PAYLOAD = 'sub:on';
export const UNSUBSCRIBE_PAYLOAD = 'sub:off';

// Folded command phrases (fold(): no diacritics, lower case).
const SUBSCRIBE_COMMANDS = ['nhan tin', 'dang ky nhan tin', 'nhan ban tin', 'dang ky ban tin', 'subscribe'];
const UNSUBSCRIBE_COMMANDS = ['dung', 'dung nhan tin', 'huy nhan tin', 'huy dang ky', 'huy ban tin', 'stop', 'unsubscribe'];

export function createSubscriptionsHandler(_deps: HandlerDeps): Handler {
  const on = async (ctx: TurnContext, source: SubscriptionReason): Promise<Reply[]> => {
    const { changed } = await subscribe(ctx.db, ctx.event.channel, ctx.event.userId, source);
    // Someone who was out of reach and subscribes again gets the latest bulletin now.
    const revived = await reviveWaiting(ctx.db, { channel: ctx.event.channel, userId: ctx.event.userId });
    const key = source === 'follow' ? 'publications:sub.follow_welcome' : changed ? 'publications:sub.subscribed' : 'publications:sub.already';
    const text = revived ? `${ctx.t(key)}\n${ctx.t('publications:sub.waiting_coming')}` : ctx.t(key);
    return [{ text, buttons: changed ? [] : [{ title: ctx.t('publications:sub.stop_button'), payload: UNSUBSCRIBE_PAYLOAD }] }];
  };
  const off = async (ctx: TurnContext, reason: SubscriptionReason): Promise<Reply[]> => {
    const changed = await unsubscribe(ctx.db, ctx.event.channel, ctx.event.userId, reason);
    return [{ text: ctx.t(changed ? 'publications:sub.unsubscribed' : 'publications:sub.not_subscribed') }];
  };
  return {
    name: 'subscriptions',
    payloadPrefixes: ['sub:'],
    async onPayload(ctx, payload): Promise<HandlerResult> {
      if (payload === SUBSCRIBE_PAYLOAD) return on(ctx, 'menu');
      if (payload === UNSUBSCRIBE_PAYLOAD) return off(ctx, 'command');
      return null;
    },
    commands: [...SUBSCRIBE_COMMANDS, ...UNSUBSCRIBE_COMMANDS],
    async onCommand(ctx, command) {
      if (SUBSCRIBE_COMMANDS.includes(command)) return on(ctx, 'command');
      // "dừng" alone is also the word to stop other things; without a subscription it is not ours.
      if (command === 'dung' || command === 'stop') {
        const s = await findSubscriber(ctx.db, ctx.event.channel, ctx.event.userId);
        if (s?.status !== 'active') return null;
      }
      return off(ctx, 'command');
    },
    intents: ['subscribe', 'unsubscribe'],
    async onIntent(ctx, analysis) {
      return analysis.intent === 'subscribe' ? on(ctx, 'command') : off(ctx, 'command');
    },
    async onEvent(ctx) {
      if (ctx.event.kind === 'follow') return on(ctx, 'follow');
      if (ctx.event.kind === 'unfollow') return off(ctx, 'unfollow');
      return null;
    },
    menu: [{ titleKey: 'publications:sub.menu', payload: SUBSCRIBE_PAYLOAD, order: 80 }],
  };
}
