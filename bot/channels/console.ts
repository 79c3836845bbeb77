// The console channel: one message per line in, replies out, as text or as JSON lines.
// Conversations are scripted through this in tests.
import type { ChannelSender } from '../outbox';
import type { InboundEvent, Reply } from '../../core/types';

export class ConsoleChannel implements ChannelSender {
  private n = 0;
  constructor(
    private readonly userId: string,
    private readonly json: boolean,
    private readonly write: (line: string) => void,
  ) {}

  /**
   * A line becomes a text event. In JSON mode a line that is a JSON object may give
   * {text?, payload?, id?} (an explicit id lets a script re-deliver the same event).
   */
  toEvent(line: string): InboundEvent {
    const id = `console-${process.pid}-${Date.now()}-${++this.n}`;
    if (this.json && line.trimStart().startsWith('{')) {
      try {
        const o = JSON.parse(line) as { text?: string; payload?: string; id?: string };
        return {
          id: o.id ?? id,
          channel: 'console',
          userId: this.userId,
          kind: o.payload ? 'postback' : 'text',
          text: o.payload ? undefined : (o.text ?? ''),
          payload: o.payload,
          receivedAt: new Date(),
        };
      } catch {
        // Not JSON after all: treat it as text.
      }
    }
    return { id, channel: 'console', userId: this.userId, kind: 'text', text: line, receivedAt: new Date() };
  }

  print(replies: Reply[]): void {
    for (const r of replies) {
      if (this.json) this.write(JSON.stringify({ text: r.text, buttons: r.buttons ?? [], ...(r.images ? { images: r.images } : {}) }));
      else {
        this.write(`🤖 ${r.text}`);
        for (const b of r.buttons ?? []) if ('url' in b) this.write(`   ↗ ${b.title}: ${b.url}`);
      }
    }
  }

  /** Messages pushed later (staff answers, notifications) print the same way. */
  async send(userId: string, replies: Reply[]): Promise<string | undefined> {
    if (userId === this.userId) this.print(replies);
    return undefined;
  }
}
