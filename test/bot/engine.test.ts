// The engine's own rules: global commands (cancel, menu, language) in any dialog, dialog state
// checked when read, a failing handler leaves the session untouched, and the per-turn logger.
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { converse, testConfig, textEvent } from '../helpers/assistant';
import { useTestDatabase } from '../helpers/db';
import { Engine } from '../../bot/engine';
import { createMenuHandler } from '../../handlers/menu';
import { createHandlers } from '../../handlers';
import { basicUnderstanding } from '../../knowledge/understand';
import { findSession } from '../../models/repos/sessions';
import { initI18n } from '../../core/i18n';
import type { Handler } from '../../handlers/types';

beforeAll(() => initI18n());
const database = useTestDatabase();

/** An engine over the real handlers plus the test's own, with the keyword understanding. */
function engineWith(...extra: Handler[]) {
  const config = testConfig();
  const handlers: Handler[] = [...extra];
  const menu = createMenuHandler(() => handlers);
  handlers.push(...createHandlers({ db: database.db, config }), menu);
  return { engine: new Engine({ db: database.db, config, handlers, understanding: basicUnderstanding(), menu }) } as never;
}

describe('global commands', () => {
  it('cancel words leave any dialog: the dialog may say its own goodbye', async () => {
    const a = engineWith();
    // The dossier look-up has no goodbye of its own: the engine's "cancelled" menu answers.
    const [, cancelled] = await converse(a, 'g1', ['tra cứu hồ sơ', 'huỷ']);
    expect(cancelled!.text).toContain('Đã huỷ. Anh/chị cần gì khác');
    expect((await findSession(database.db, 'console', 'g1'))!.dialog).toBeNull();
    // The complaint form says the complaint was not sent; "dừng" cancels inside a dialog too.
    const [, stopped] = await converse(a, 'g2', ['gửi phản ánh', 'dừng']);
    expect(stopped!.text).toContain('phản ánh chưa được gửi');
    expect((await findSession(database.db, 'console', 'g2'))!.dialog).toBeNull();
  });

  it('outside a dialog, "huỷ" has nothing to cancel and "dừng" is left to the other handlers', async () => {
    const a = engineWith();
    const [nothing, stop] = await converse(a, 'g3', ['huỷ', 'dừng']);
    expect(nothing!.text).toContain('Không có việc gì đang làm dở');
    expect(stop!.text).not.toContain('Không có việc gì đang làm dở');
  });

  it('the menu word ends the dialog and greets; a language word keeps the dialog', async () => {
    const a = engineWith();
    const [, menu] = await converse(a, 'g4', ['tra cứu hồ sơ', 'menu']);
    expect(menu!.text).toContain('Xin chào');
    expect((await findSession(database.db, 'console', 'g4'))!.dialog).toBeNull();
    const [, english] = await converse(a, 'g5', ['tra cứu hồ sơ', 'English']);
    expect(english!.text).toContain('Switched to English');
    expect((await findSession(database.db, 'console', 'g5'))!.dialog).toMatchObject({ name: 'dossiers', step: 'code' });
  });
});

describe('a turn that fails', () => {
  const failing: Handler = {
    name: 'failing',
    payloadPrefixes: ['fail:'],
    async onPayload(ctx) {
      ctx.startDialog('failing', 'half', { written: true });
      ctx.remember('half', 'done');
      ctx.setLang('en');
      throw new Error('boom');
    },
  };

  it('apologises and leaves the session as it was before the turn', async () => {
    const a = engineWith(failing);
    const [form] = await converse(a, 'f1', ['gửi phản ánh']);
    const state = async () => {
      const { lang, dialog, memory, options } = (await findSession(database.db, 'console', 'f1'))!;
      return { lang, dialog, memory, options };
    };
    const before = await state();
    const [broken] = await converse(a, 'f1', ['@fail:now']);
    expect(broken!.text).toContain('hệ thống đang gặp sự cố');
    expect(await state()).toEqual(before);
    // The options of the form's question still answer to their numbers.
    expect(form!.text).toMatch(/\n1\. /);
    const [picked] = await converse(a, 'f1', ['1']);
    expect(picked!.text).toContain('viết nội dung phản ánh');
  });
});

describe('dialog state', () => {
  it('a stored state that does not fit the schema is dropped and the message routed afresh', async () => {
    const strict: Handler = {
      name: 'strict',
      stateSchema: z.object({ count: z.number() }),
      commands: ['dem'],
      async onCommand(ctx) {
        ctx.startDialog('strict', 'one', { count: 'not a number' });
        return [{ text: 'counting' }];
      },
      async onDialog() {
        return [{ text: 'dialog step ran' }];
      },
    };
    const a = engineWith(strict);
    const [, next] = await converse(a, 'd1', ['đếm', 'xin chào']);
    expect(next!.text).not.toContain('dialog step ran');
    expect(next!.text).toContain('Xin chào');
  });
});

describe('the turn logger', () => {
  it('carries a turn id, the channel and the handler, and nothing about the user', async () => {
    const seen: Record<string, unknown>[] = [];
    const probe: Handler = {
      name: 'probe',
      commands: ['tham do'],
      async onCommand(ctx) {
        seen.push(ctx.log.bindings());
        return [{ text: 'ok' }];
      },
    };
    const { engine } = engineWith(probe) as { engine: Engine };
    await engine.handle(textEvent('user-0912345678', 'thăm dò'));
    await engine.handle(textEvent('user-0912345678', 'thăm dò'));
    expect(seen[0]).toMatchObject({ channel: 'console', handler: 'probe' });
    expect(seen[0]!.turn).toMatch(/^[0-9a-f]{8}$/);
    expect(seen[1]!.turn).not.toBe(seen[0]!.turn);
    expect(JSON.stringify(seen)).not.toContain('0912345678');
  });
});
