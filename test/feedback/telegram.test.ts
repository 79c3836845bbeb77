// A PAKN filed on Telegram (webhook updates, a photo included) and the staff answer delivered back
// to the same Telegram chat, through the real channel against the local fake Bot API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../fakes';
import { post, startHarness, type ChannelHarness } from '../channels/helpers';
import { answerFeedback } from '../../models/repos/feedback/staff-actions';
import { findByCode } from '../../models/repos/feedback/filing';
import { renderStaffAnswer } from '../../handlers/feedback/render';

const SECRET = 'tg_Feedback-123';
const CHAT = '7005006007';
let fake: FakeTelegram;
let h: ChannelHarness;
let updateId = 700_000;

const who = { id: Number(CHAT), is_bot: false, first_name: 'Hoa', language_code: 'vi' };
const chat = { id: Number(CHAT), type: 'private', first_name: 'Hoa' };
const message = (extra: Record<string, unknown>) => {
  const id = ++updateId;
  return { update_id: id, message: { message_id: id, date: Math.floor(Date.now() / 1000), chat, from: who, ...extra } };
};
async function send(update: unknown) {
  const r = await post(`${h.url}/webhooks/telegram`, JSON.stringify(update), { 'X-Telegram-Bot-Api-Secret-Token': SECRET });
  expect(r.status).toBe(200);
  await h.a.platforms.idle();
}

beforeAll(async () => {
  fake = await startFakeTelegram();
  h = await startHarness({ ...fake.env, TELEGRAM_WEBHOOK_SECRET: SECRET, PUBLIC_URL: 'https://motcua.example.gov.vn' });
  await h.a.startBackground();
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

describe('PAKN on Telegram', () => {
  it('files a PAKN with a photo, and the staff answer reaches the same chat', async () => {
    await send(message({ text: 'gửi phản ánh' }));
    await send(message({ text: '1' }));
    await send(message({ text: 'Đèn đường trước trụ sở xã hỏng hai tuần nay, buổi tối đi làm thủ tục rất tối.' }));
    expect(fake.textsTo(CHAT).at(-1)).toContain('gửi ảnh minh hoạ');
    await send(message({ photo: [{ file_id: 'small-id', file_unique_id: 's', width: 90, height: 90, file_size: 1200 }, { file_id: 'AgACAgIAAxk-big', file_unique_id: 'b', width: 1280, height: 960, file_size: 150_000 }] }));
    expect(fake.textsTo(CHAT).at(-1)).toContain('Đã nhận 1/3 ảnh');
    for (const text of ['xong', 'Phạm Thị Hoa', 'Thôn 4, xã Hoàng Kim', '0905 123 456', 'không', 'gửi']) await send(message({ text }));
    const ack = fake.textsTo(CHAT).at(-1)!;
    const code = /PA-\d{8}-\d{4}/.exec(ack)?.[0];
    expect(code).toBeDefined();
    const row = (await findByCode(h.a.database.db, code!))!;
    expect(row).toMatchObject({ channel: 'telegram', userId: CHAT, phone: '0905123456' });
    expect(row.photos).toEqual([{ fileId: 'AgACAgIAAxk-big', channel: 'telegram', size: 150_000 }]);

    const before = fake.textsTo(CHAT).length;
    await answerFeedback(h.a.database.db, row.id, 'canbo1', 'Xã đã thay bóng đèn ngày 25/6. Cảm ơn chị đã phản ánh.', renderStaffAnswer);
    await fake.waitFor((r) => r.path.endsWith('/sendMessage') && JSON.stringify(r.body).includes('thay bóng đèn'));
    const answer = fake.textsTo(CHAT).slice(before).join('\n');
    expect(answer).toContain(`Trả lời phản ánh, kiến nghị ${code}`);
    expect(answer).toContain('Xã đã thay bóng đèn ngày 25/6');
  });
});
