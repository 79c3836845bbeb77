import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { useTestDatabase } from '../helpers/db';
import { pruneInboundEvents } from '../../models/repos/sessions';
import { startTestAssistant, textEvent } from '../helpers/assistant';

const t = useTestDatabase({ reset: false });

describe('housekeeping', () => {
  it('forgets event ids older than the retention, keeps recent ones and their dedupe', async () => {
    const a = await startTestAssistant({}, t);
    await a.engine.handle(textEvent('h1', 'xin chào', 'web', 'old-event'));
    await a.engine.handle(textEvent('h1', 'xin chào', 'web', 'new-event'));
    await t.db.execute(sql`update inbound_events set received_at = now() - interval '8 days' where event_id = 'old-event'`);
    expect(await pruneInboundEvents(t.db, 7)).toBe(1);
    const left = (await t.db.execute(sql`select event_id from inbound_events`)) as unknown as { rows: { event_id: string }[] };
    expect(left.rows.map((r) => r.event_id)).toEqual(['new-event']);
    // A recent event is still answered once.
    expect((await a.engine.handle(textEvent('h1', 'xin chào', 'web', 'new-event'))).duplicate).toBe(true);
    await a.stop();
  });
});
