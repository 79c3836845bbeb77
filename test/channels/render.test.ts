import { describe, expect, it } from 'vitest';
import { renderReplies, splitText } from '../../bot/channels/render';
import { Pacer } from '../../core/pacing';

describe('splitText', () => {
  it('keeps short text whole and splits long text at sentence ends within the limit', () => {
    expect(splitText('Một câu.', 100)).toEqual(['Một câu.']);
    const text = 'Câu một dài vừa phải. Câu hai cũng vậy! Câu ba hỏi gì? Câu bốn kết thúc.';
    const parts = splitText(text, 45);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(45);
    for (const p of parts) expect(p).toMatch(/[.!?]$/);
    expect(parts.join(' ')).toBe(text);
  });
  it('prefers paragraph breaks, and cuts a word longer than the limit', () => {
    expect(splitText('Đoạn một.\n\nĐoạn hai.', 12)).toEqual(['Đoạn một.', 'Đoạn hai.']);
    const url = 'https://example.gov.vn/' + 'a'.repeat(50);
    const parts = splitText(url, 20);
    expect(parts.every((p) => p.length <= 20)).toBe(true);
    expect(parts.join('')).toBe(url);
  });
  it('measures Vietnamese after NFC normalisation', () => {
    const decomposed = 'Hồ sơ'.normalize('NFD');
    expect(splitText(decomposed, 5)).toEqual(['Hồ sơ']);
  });
});

describe('renderReplies', () => {
  const limits = { maxText: 100, maxButtons: 3, maxButtonTitle: 10, maxPayloadBytes: 64 };
  it('puts buttons on the last piece and cuts long titles', () => {
    const out = renderReplies([{ text: 'Chọn một mục', buttons: [{ title: 'Tra cứu hồ sơ hành chính', payload: 'dossier:lookup' }] }], limits);
    expect(out).toHaveLength(1);
    expect(out[0]!.buttons[0]!.title.length).toBeLessThanOrEqual(10);
  });
  it('turns more options than buttons into a numbered list (not twice when the engine already numbered them)', () => {
    const buttons = ['A', 'B', 'C', 'D'].map((t) => ({ title: t, payload: `p:${t}` }));
    const [plain] = renderReplies([{ text: 'Chọn', buttons }], limits);
    expect(plain!.buttons).toEqual([]);
    expect(plain!.text).toBe('Chọn\n1. A\n2. B\n3. C\n4. D');
    const [numbered] = renderReplies([{ text: 'Chọn\n1. A\n2. B\n3. C\n4. D', buttons }], limits);
    expect(numbered!.text).toBe('Chọn\n1. A\n2. B\n3. C\n4. D');
  });
  it('drops buttons whose payload exceeds the platform limit, keeping the numbered list', () => {
    const [m] = renderReplies([{ text: 'x', buttons: [{ title: 'Đăng ký', payload: 'đăng-ký:'.repeat(10) }] }], limits);
    expect(m!.buttons).toEqual([]);
    expect(m!.text).toContain('1. Đăng ký');
  });
});

describe('Pacer', () => {
  it('lets a burst through, then spaces messages to one chat and across chats', () => {
    const p = new Pacer({ perSecond: 30, burst: 30, perChatPerSecond: 1, perChatBurst: 3 });
    const t = 1_000_000;
    expect([p.reserve('a', 1, t), p.reserve('a', 1, t), p.reserve('a', 1, t)]).toEqual([0, 0, 0]);
    expect(p.reserve('a', 1, t)).toBe(1000);
    expect(p.reserve('a', 1, t)).toBe(2000);
    // Other chats are not held back by chat a, only by the channel-wide rate.
    const waits = Array.from({ length: 40 }, (_, i) => p.reserve(`u${i}`, 1, t));
    expect(waits.slice(0, 25).every((w) => w === 0)).toBe(true);
    expect(Math.max(...waits)).toBeGreaterThan(0);
    expect(Math.max(...waits)).toBeLessThanOrEqual(Math.ceil((15 / 30) * 1000));
  });
});
