import { describe, expect, it } from 'vitest';
import { useTestAssistant } from '../helpers/assistant';
import { webUser } from '../helpers/webchat';

const a = useTestAssistant({ env: { WEBCHAT_RATE_PER_MINUTE: '5' }, listen: true, background: true });

const post = (body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
  fetch(`${a.base}/api/webchat/messages`, { method: 'POST', headers, body });

describe('web chat API', () => {
  it('answers a message with replies', async () => {
    const res = await post(JSON.stringify({ userId: webUser(a, 'api-1'), text: 'xin chào' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { replies: { text: string; buttons: unknown[] }[] };
    expect(body.replies[0]!.text).toContain('Xin chào');
    expect(body.replies[0]!.buttons.length).toBeGreaterThan(0);
    // JSON with its length, and no ETag: a reply to a POST is never revalidated.
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(0);
    expect(res.headers.get('etag')).toBeNull();
  });

  it('presses a button by payload', async () => {
    const res = await post(JSON.stringify({ userId: webUser(a, 'api-2'), payload: 'lang:en' }));
    const body = (await res.json()) as { replies: { text: string }[] };
    expect(body.replies[0]!.text).toContain('Switched to English');
  });

  it('refuses bad input with a clear 4xx and keeps serving', async () => {
    const bad = await post(`{"userId": "${webUser(a, 'x')}", "text": `);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('JSON');

    const noUser = await post(JSON.stringify({ text: 'hi' }));
    expect(noUser.status).toBe(401);
    expect(((await noUser.json()) as { error: { code: string } }).error.code).toBe('missing_user');

    const noText = await post(JSON.stringify({ userId: webUser(a, 'api-3') }));
    expect(noText.status).toBe(400);

    const huge = await post(JSON.stringify({ userId: webUser(a, 'api-3'), text: 'a'.repeat(400_000) }));
    expect(huge.status).toBe(413);

    const emoji = await post(JSON.stringify({ userId: webUser(a, 'api-4'), text: '🙂' }));
    expect(emoji.status).toBe(200);
    expect(((await emoji.json()) as { replies: { text: string }[] }).replies[0]!.text).toContain('gõ câu hỏi');

    const ok = await fetch(`${a.base}/healthz`);
    expect(ok.status).toBe(200);
  });

  it('a NUL byte or another control character is cleaned, and the turn answered (not a 500)', async () => {
    const res = await post(JSON.stringify({ userId: webUser(a, 'api-nul'), text: 'xin\u0000 chào\u001b\ud800' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { replies: { text: string }[] };
    expect(body.replies[0]!.text).toContain('Xin chào');
  });

  it('answers a re-sent message id once', async () => {
    const body = JSON.stringify({ userId: webUser(a, 'api-5'), text: 'xin chào', id: 'm-1' });
    const first = (await (await post(body)).json()) as { replies: unknown[] };
    const second = (await (await post(body)).json()) as { replies: unknown[]; duplicate?: boolean };
    expect(first.replies.length).toBeGreaterThan(0);
    expect(second.replies).toEqual([]);
    expect(second.duplicate).toBe(true);
  });

  it('rate-limits one identity', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await post(JSON.stringify({ userId: webUser(a, 'flood'), text: `câu ${i}` }))).status);
    expect(statuses.slice(0, 5).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('reports readiness against the database', async () => {
    const res = await fetch(`${a.base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
  });

  it('pushes queued messages over Server-Sent Events', async () => {
    const { enqueueOutbound } = await import('../../models/repos/outbound');
    const controller = new AbortController();
    const res = await fetch(`${a.base}/api/webchat/stream?userId=${webUser(a, 'sse-1')}`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    await enqueueOutbound(a.database.db, { channel: 'web', userId: webUser(a, 'sse-1'), kind: 'staff', replies: [{ text: 'Cán bộ trả lời' }] });
    let received = '';
    const decoder = new TextDecoder();
    while (!received.includes('Cán bộ trả lời')) {
      const { value, done } = await reader.read();
      if (done) break;
      received += decoder.decode(value);
    }
    controller.abort();
    expect(received).toContain('"text":"Cán bộ trả lời"');
  });

  it('holds a message for a user who is offline and delivers it when the page opens', async () => {
    const { enqueueOutbound } = await import('../../models/repos/outbound');
    await enqueueOutbound(a.database.db, { channel: 'web', userId: webUser(a, 'sse-2'), kind: 'staff', replies: [{ text: 'Tin giữ lại' }] });
    await a.outbox.tick();
    const controller = new AbortController();
    const res = await fetch(`${a.base}/api/webchat/stream?userId=${webUser(a, 'sse-2')}`, { signal: controller.signal });
    const reader = res.body!.getReader();
    let received = '';
    const decoder = new TextDecoder();
    while (!received.includes('Tin giữ lại')) {
      const { value, done } = await reader.read();
      if (done) break;
      received += decoder.decode(value);
    }
    controller.abort();
    expect(received).toContain('Tin giữ lại');
  });
});
