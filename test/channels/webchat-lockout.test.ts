// No lock-out as a weapon (issue 18 item 3), through the web chat over HTTP: a stranger guessing at a
// citizen's dossier from one address, with as many fresh identities as they like, never locks the
// owner out; the stranger's address is refused that code, and after many failures waits a short
// backoff; a wrong code and wrong digits still answer alike.
import { describe, expect, it } from 'vitest';
import { useTestAssistant } from '../helpers/assistant';
import { webPost, webSession } from '../helpers/webchat';
import { CODE_MAX_FAILURES, SOURCE_MAX_FAILURES, SOURCE_WINDOW_MS, verifyDossierAccess } from '../../models/repos/dossiers/lookups';
import { addDossiers, code, row } from '../helpers/factories';

const a = useTestAssistant({
  env: { TRUST_PROXY: 'true', WEBCHAT_IP_RATE_PER_MINUTE: '100000', WEBCHAT_SECRET: 'l'.repeat(40) },
  listen: true,
});

let ipSeq = 0;
const address = () => ({ 'x-forwarded-for': `198.51.100.${++ipSeq}` });

const seedOwnerDossier = () => addDossiers(a.database.db, [row(1, { so_dien_thoai: '0912 345 678', chu_ho_so: 'Lê Thị Hoa' })]);

/** A fresh identity from an address asks for a code with 4 digits; returns the reply text. */
async function lookUp(from: Record<string, string>, dossierCode: string, digits: string, userId?: string): Promise<string> {
  const id = userId ?? (await webSession(a.base, from)).userId!;
  const res = await webPost(a.base, { userId: id, text: `${dossierCode} ${digits}` }, from);
  expect(res.status).toBe(200);
  return ((await res.json()) as { replies: { text: string }[] }).replies.map((r) => r.text).join('\n');
}

describe('a stranger cannot lock a citizen out of their dossier', () => {
  it('fresh identities from one address: the owner from elsewhere still gets in; the stranger\'s address is refused', async () => {
    await seedOwnerDossier();
    const stranger = address();
    // Past the code's threshold, one guess per fresh identity (the per-user lock never fires), and
    // below the address's backoff.
    expect(CODE_MAX_FAILURES + 2).toBeLessThan(SOURCE_MAX_FAILURES);
    for (let i = 0; i < CODE_MAX_FAILURES + 2; i++) {
      const reply = await lookUp(stranger, code(1), String(1000 + i));
      if (i < CODE_MAX_FAILURES) expect(reply).toContain('không khớp');
    }
    // The stranger, with yet another identity, is refused the code, whatever the digits.
    expect(await lookUp(stranger, code(1), '5678')).toContain('tạm khoá tra cứu');
    // The owner, from home, with the right digits: the dossier.
    const owner = await lookUp(address(), code(1), '5678');
    expect(owner).toContain('Thủ tục: Đăng ký khai sinh');
    expect(owner).not.toContain('tạm khoá');
  });

  it('an address with many failures waits a short backoff (minutes, not an hour); others are not affected', async () => {
    await seedOwnerDossier();
    const stranger = address();
    // Failures spread over many codes that do not exist, each from a fresh identity.
    for (let i = 0; i < SOURCE_MAX_FAILURES; i++) await lookUp(stranger, code(500 + i), '1111');
    const paused = await lookUp(stranger, code(900), '1111');
    expect(paused).toContain('tạm dừng tra cứu');
    expect(await lookUp(address(), code(1), '5678')).toContain('Thủ tục: Đăng ký khai sinh');
    // The backoff ends with its window.
    const [source] = ((await a.database.db.execute(
      (await import('drizzle-orm')).sql`select distinct source from dossier_lookups where source like 'ip:%' and dossier_code = ${code(900)}`,
    )) as unknown as { rows: { source: string }[] }).rows;
    const later = new Date(Date.now() + SOURCE_WINDOW_MS + 60_000);
    const r = await verifyDossierAccess(a.database.db, { channel: 'web', userId: 'w_later', source: source!.source, code: code(1), digits: '5678', now: later });
    expect(r.outcome).toBe('ok');
  });

  it('a wrong code and wrong digits answer alike, and so do their refusals', async () => {
    await seedOwnerDossier();
    const from = address();
    const wrongDigits = await lookUp(from, code(1), '0000');
    const wrongCode = await lookUp(from, code(77), '0000');
    expect(wrongCode.replace(code(77), 'CODE')).toBe(wrongDigits.replace(code(1), 'CODE'));
    // A code that does not exist, guessed at as much, is refused in the same words.
    const [one, other] = [address(), address()];
    for (let i = 0; i < CODE_MAX_FAILURES; i++) {
      await lookUp(one, code(1), String(2000 + i));
      await lookUp(other, code(78), String(2000 + i));
    }
    const refusedReal = await lookUp(one, code(1), '0000');
    const refusedFake = await lookUp(other, code(78), '0000');
    expect(refusedReal).toContain('tạm khoá tra cứu');
    expect(refusedFake.replace(code(78), 'CODE').replace(/\d\d:\d\d/g, 'HH:MM')).toBe(refusedReal.replace(code(1), 'CODE').replace(/\d\d:\d\d/g, 'HH:MM'));
  });
});
