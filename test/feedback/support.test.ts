// "Gặp cán bộ": support requests in the inbox, office hours, and staff answers that reach the
// citizen on their own channel (here the real web chat: HTTP API in, Server-Sent Events out).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { converse, testConfig, useTestAssistant } from '../helpers/assistant';
import { webUser } from '../helpers/webchat';
import { feedback } from '../../models/schema/feedback';
import { messages, outboundMessages } from '../../models/schema/core';
import { answerFeedback, feedbackEventsOf } from '../../models/repos/feedback/staff-actions';
import { findByCode } from '../../models/repos/feedback/filing';
import { createPetition } from '../helpers/factories';
import { until } from '../helpers/wait';
import { transition } from '../../models/repos/feedback/states';
import { renderStaffAnswer } from '../../handlers/feedback/render';
import { officeState, parseOfficeHours } from '../../handlers/feedback/office-hours';
import { createFeedbackHandler } from '../../handlers/feedback';
import { createMenuHandler } from '../../handlers/menu';
import { Engine } from '../../bot/engine';
import { basicUnderstanding } from '../../knowledge/understand';
import { exportFeedbackXlsx } from '../../handlers/feedback/export';
import type { Handler } from '../../handlers/types';

const a = useTestAssistant({ listen: true, background: true });

/**
 * fetch, tried a second time when a reused keep-alive socket was closed by the server in between
 * (undici reports "other side closed"; the request never reached the application).
 */
async function fetchOnce(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw err;
    return fetch(url, init);
  }
}

/** Opens the web chat's event stream and collects the texts pushed to it. */
async function openStream(userId: string) {
  const ctrl = new AbortController();
  const res = await fetchOnce(`${a.base}/api/webchat/stream?userId=${encodeURIComponent(userId)}`, { signal: ctrl.signal });
  const texts: string[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const chunk = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = chunk.split('\n').find((l) => l.startsWith('data: '));
          if (data) for (const r of JSON.parse(data.slice(6)).replies as { text: string }[]) texts.push(r.text);
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    texts,
    waitFor: (pred: (t: string) => boolean, ms = 8000) =>
      until(() => texts.some(pred), { timeoutMs: ms, what: () => `a matching text; got ${JSON.stringify(texts)}` }),
    close() {
      ctrl.abort();
      return pump;
    },
  };
}

async function say(userId: string, body: { text?: string; payload?: string }) {
  const res = await fetchOnce(`${a.base}/api/webchat/messages`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, // An event id makes a retried POST a duplicate the engine drops, never a second turn.
    body: JSON.stringify({ userId, id: randomUUID(), ...body }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { replies: { text: string }[] }).replies.map((r) => r.text).join('\n');
}

describe('staff answers reach the citizen', () => {
  it('a PAKN sent in the web chat is answered by staff; the answer arrives on the web chat stream', async () => {
    const user = webUser(a, 'web-citizen-1');
    for (const line of ['gửi phản ánh', '1']) await say(user, { text: line });
    await say(user, { text: 'Bảng niêm yết thủ tục ở Bộ phận Một cửa đã cũ, thiếu lệ phí mới.' });
    for (const line of ['Nguyễn Văn An', 'Thôn 3, xã Hoàng Kim', '0912345678', 'không']) await say(user, { text: line });
    const ack = await say(user, { payload: 'feedback:confirm' });
    const code = /PA-\d{8}-\d{4}/.exec(ack)![0];
    const row = (await findByCode(a.database.db, code))!;
    expect(row.channel).toBe('web');

    const stream = await openStream(user);
    await answerFeedback(a.database.db, row.id, 'canbo1', 'Bộ phận Một cửa đã thay bảng niêm yết mới ngày 20/6.', renderStaffAnswer);
    await stream.waitFor((t) => t.includes('đã thay bảng niêm yết mới'));
    await stream.close();
    expect(stream.texts.find((t) => t.includes('niêm yết mới'))).toContain(code);

    const [out] = await a.database.db.select().from(outboundMessages);
    expect(out).toMatchObject({ channel: 'web', userId: user, kind: 'staff', status: 'sent' });
    const after = (await findByCode(a.database.db, code))!;
    expect(after).toMatchObject({ status: 'da_tra_loi', answeredBy: 'canbo1' });
    const trail = await feedbackEventsOf(a.database.db, row.id);
    expect(trail.map((e) => `${e.actor}:${e.action}`)).toEqual(['citizen:created', 'canbo1:transition', 'canbo1:answer']);
    // The conversation log shows the answer too (the inbox reads it).
    const log = await a.database.db.select().from(messages).where(eq(messages.userId, user));
    expect(log.some((m) => m.direction === 'out' && m.intent === 'staff' && m.text.includes('niêm yết mới'))).toBe(true);
    // The citizen later sees the answer with the status.
    expect(await say(user, { text: code })).toContain('đã thay bảng niêm yết mới');
  });

  it('answering a closed PAKN is refused by the state machine and nothing is sent', async () => {
    const row = await createPetition(a.database.db, { userId: 'w2' });
    await transition(a.database.db, row.id, 'transfer', 'canbo1', { transferredTo: 'Công an xã' });
    await expect(answerFeedback(a.database.db, row.id, 'canbo1', 'x', renderStaffAnswer)).rejects.toThrow(/not allowed/);
    expect(await a.database.db.select().from(outboundMessages)).toHaveLength(0);
  });

  it('an English-speaking citizen gets the staff answer wrapped in English', async () => {
    const row = await createPetition(a.database.db, { kind: 'kien_nghi', userId: 'w3', lang: 'en', content: 'More parking please' });
    const replies = renderStaffAnswer(row, 'Noted.');
    expect(replies[0]!.text).toContain(`Answer of the one-stop office to your complaint or petition ${row.code}`);
  });
});

describe('gặp cán bộ', () => {
  it('opens a support request, forwards later messages, and staff replies reach the citizen', async () => {
    const user = webUser(a, 'web-citizen-2');
    const first = await say(user, { text: 'cho tôi nói chuyện với người thật' });
    expect(first).toMatch(/chuyển cuộc trò chuyện cho cán bộ Bộ phận Một cửa \(mã HT-\d{8}-0001\)/);
    expect(first).toMatch(/giờ làm việc/);
    const [req] = await a.database.db.select().from(feedback);
    expect(req).toMatchObject({ kind: 'ho_tro', status: 'moi', channel: 'web', userId: user });

    expect(await say(user, { text: 'Tôi cần hỏi về hồ sơ đất đai' })).toContain('Đã chuyển tin nhắn cho cán bộ');
    const stream = await openStream(user);
    await answerFeedback(a.database.db, req!.id, 'canbo2', 'Chào anh, anh mang sổ đỏ đến xã sáng mai nhé.', renderStaffAnswer);
    await stream.waitFor((t) => t.includes('mang sổ đỏ'));
    expect((await findByCode(a.database.db, req!.code))!.status).toBe('da_tra_loi');

    // The citizen writes again: the request is reopened for staff; a second staff reply is delivered too.
    await say(user, { text: 'Cảm ơn, mấy giờ ạ?' });
    expect((await findByCode(a.database.db, req!.code))!.status).toBe('dang_xu_ly');
    await answerFeedback(a.database.db, req!.id, 'canbo2', 'Từ 7 giờ 30.', renderStaffAnswer);
    await stream.waitFor((t) => t.includes('Từ 7 giờ 30'));
    await stream.close();
    expect((await findByCode(a.database.db, req!.code))!.answer).toContain('mang sổ đỏ');

    // "gặp cán bộ" again reuses the open request instead of opening a second one.
    await say(user, { payload: 'feedback:human_end' });
    await say(user, { text: 'gặp cán bộ' });
    expect(await a.database.db.select().from(feedback)).toHaveLength(1);
    // That reopened it; staff answer and close it; then the assistant answers normally again.
    expect((await findByCode(a.database.db, req!.code))!.status).toBe('dang_xu_ly');
    await answerFeedback(a.database.db, req!.id, 'canbo2', 'Anh cứ đến nhé.', renderStaffAnswer);
    await transition(a.database.db, req!.id, 'close', 'canbo2');
    expect(await say(user, { text: 'xin chào' })).toContain('Xin chào');
  });

  it('outside office hours says when someone will answer', async () => {
    const db = a.database.db;
    const config = testConfig({ OFFICE_PHONE: '0237 3860 123' });
    // Saturday 30/11/2024 10:00 in Hà Nội (03:00 UTC): next opening Monday 02/12 07:30.
    const saturday = new Date('2024-11-30T03:00:00Z');
    const handlers: Handler[] = [];
    const menu = createMenuHandler(() => handlers);
    handlers.push(createFeedbackHandler({ db, config, now: () => saturday }), menu);
    const engine = new Engine({ db, config, handlers, understanding: basicUnderstanding(), menu });
    const [t] = await converse({ engine } as never, 'c-sat', ['gặp cán bộ']);
    expect(t!.text).toContain('ngoài giờ làm việc (07:30–17:00, thứ Hai, thứ Ba, thứ Tư, thứ Năm, thứ Sáu)');
    expect(t!.text).toContain('từ 07:30 thứ Hai, ngày 02/12/2024');
    expect(t!.text).toContain('gọi 0237 3860 123');
    const [row] = await db.select().from(feedback);
    expect(row).toMatchObject({ receivedDate: '2024-11-30', dueDate: '2024-12-02' });
  });

  it('asking for the phone number gives it (when configured) instead of opening a request', async () => {
    const db = a.database.db;
    const config = testConfig({ OFFICE_PHONE: '0237 3860 123' });
    const handlers: Handler[] = [];
    const menu = createMenuHandler(() => handlers);
    handlers.push(createFeedbackHandler({ db, config }), menu);
    const { createUnderstanding } = await import('../../knowledge');
    const engine = new Engine({ db, config, handlers, understanding: await createUnderstanding(db), menu });
    const [t] = await converse({ engine } as never, 'c-phone', ['cho em xin số điện thoại của xã']);
    expect(t!.text).toContain('0237 3860 123');
    expect(await db.select().from(feedback)).toHaveLength(0);
    const [pick] = await converse({ engine } as never, 'c-phone', ['1']);
    expect(pick!.text).toContain('chuyển cuộc trò chuyện cho cán bộ');
    expect(await db.select().from(feedback)).toHaveLength(1);
  });

  it('office hours: open, before opening, after closing, weekend', () => {
    const oh = parseOfficeHours('07:30-17:00', '1,2,3,4,5');
    const at = (iso: string) => officeState(oh, new Date(iso));
    expect(at('2024-12-02T03:00:00Z').open).toBe(true); // Mon 10:00
    expect(at('2024-12-02T00:00:00Z')).toEqual({ open: false, nextOpen: new Date('2024-12-02T00:30:00Z') }); // Mon 07:00
    expect(at('2024-12-02T10:00:00Z')).toEqual({ open: false, nextOpen: new Date('2024-12-03T00:30:00Z') }); // Mon 17:00
    expect(at('2024-12-06T12:00:00Z')).toEqual({ open: false, nextOpen: new Date('2024-12-09T00:30:00Z') }); // Fri 19:00
    expect(at('2024-12-07T18:00:00Z')).toEqual({ open: false, nextOpen: new Date('2024-12-09T00:30:00Z') }); // Sun 01:00
  });
});

describe('XLSX export', () => {
  it('exports the items received in a date range, with the period counts', async () => {
    await createPetition(a.database.db, { kind: 'quy_dinh', userId: 'x', content: 'Trong kỳ', name: 'Nguyễn An' }, '2024-04-01T03:00:00Z');
    await createPetition(a.database.db, { userId: 'x', content: 'Ngoài kỳ' }, '2024-07-01T03:00:00Z');
    const buf = await exportFeedbackXlsx(a.database.db, { from: '2024-03-15', to: '2024-06-14' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as never);
    const ws = wb.worksheets[0]!;
    const cells = ws.getRow(4).values as unknown[];
    expect(cells).toContain('PA-20240401-0001');
    expect(cells).toContain('Trong kỳ');
    expect(cells).toContain('Nguyễn An');
    expect(ws.rowCount).toBe(4);
    const sum = wb.worksheets[1]!;
    expect(sum.getRow(2).values).toEqual([undefined, 'Số phản ánh, kiến nghị tiếp nhận', 1]);
  });
});
