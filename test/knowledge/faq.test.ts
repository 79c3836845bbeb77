// Commune Q&A written by staff: which wordings match an entry (knowledge/faq.ts), and the answer
// reaching a citizen in a conversation only when nothing else answers.
import { describe, expect, it } from 'vitest';
import { rankFaq } from '../../knowledge/faq';
import { converse, useTestAssistant } from '../helpers/assistant';
import { faqEntries } from '../../models/schema/daily';
import { unansweredQuestions } from '../../models/schema/core';
import { CATALOG_RECHECK_MS } from '../../knowledge/store';

const SATURDAY = { question: 'Giờ làm việc thứ Bảy', variants: 'thứ 7 có làm việc không\nsáng thứ bảy mở cửa mấy giờ' };
const PARKING = { question: 'Gửi xe ở đâu', variants: 'chỗ để xe máy\nbãi đỗ ô tô' };
const HOTLINE = { question: 'Số đường dây nóng của xã', variants: 'hotline\nsố điện thoại phản ánh' };

describe('rankFaq', () => {
  const entries = [SATURDAY, PARKING, HOTLINE];
  it.each([
    ['thu 7 xa co lam viec khong a', SATURDAY],
    ['Sáng thứ bảy mấy giờ mở cửa?', SATURDAY],
    ['cho em hỏi gửi xe ở đâu', PARKING],
    ['chỗ để xe máy', PARKING],
    ['hotline xã là gì', HOTLINE],
  ])('"%s" → its entry', (text, want) => {
    expect(rankFaq(text, entries)[0]?.entry).toBe(want);
  });
  it.each(['đăng ký khai sinh', 'xin chào', 'thủ tục chứng thực bản sao', ''])('"%s" → nothing', (text) => {
    expect(rankFaq(text, entries)).toEqual([]);
  });
});

describe('commune Q&A in a conversation', () => {
  const a = useTestAssistant({ catalog: true });

  it('answers with the staff answer instead of "not understood"; procedures keep their answers', async () => {
    const [before] = await converse(a, 'u1', ['chỗ để xe máy ở đâu vậy'], 'web');
    expect(before!.text).not.toContain('Bãi xe phía sau trụ sở');
    expect(await a.database.db.select().from(unansweredQuestions)).toHaveLength(1);
    // Written straight into the table, as another instance would (the admin's own edits are seen at
    // once): the assistant keeps the entries it read for CATALOG_RECHECK_MS (knowledge/faq.ts).
    await a.database.db.insert(faqEntries).values({ ...PARKING, answer: 'Bãi xe phía sau trụ sở UBND xã, miễn phí.' });
    await new Promise((r) => setTimeout(r, CATALOG_RECHECK_MS));
    const [after] = await converse(a, 'u1', ['chỗ để xe máy ở đâu vậy'], 'web');
    expect(after!.text).toContain('Bãi xe phía sau trụ sở UBND xã, miễn phí.');
    // A procedure question is still answered by the catalog.
    const [proc] = await converse(a, 'u2', ['đăng ký khai sinh cần giấy tờ gì'], 'web');
    expect(proc!.text).not.toContain('Bãi xe');
  });
});
