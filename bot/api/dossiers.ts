// POST /api/dossiers: systems that can push (the provincial one-stop system, liên thông, chứng
// thực điện tử) send dossier records as JSON, with the same fields and checks as the import.
// Body: one record, an array of records, or {"records": [...]}. All or nothing.
import { timingSafeEqual, createHash } from 'node:crypto';
import express, { type Router } from 'express';
import type { Config } from '../../core/config';
import type { Db } from '../../models/db';
import { HttpError } from '../../core/errors';
import { translator } from '../../core/i18n';
import { logger } from '../../core/logger';
import { applyDossierRecords, type DossierRecord } from '../../models/repos/dossiers/records';
import { describeProblem, parseApiObject, parseDossierRecord, type FieldProblem } from '../../handlers/dossiers/records';

// Records per request: the JSON body limit (256 kB) holds about 500 full records; a push of
// status changes is usually a handful.
export const DOSSIER_API_MAX_RECORDS = 500;

export function createDossierApiRouter(deps: { db: Db; config: Config }): Router {
  const r = express.Router();
  const t = translator('vi');
  // Compare digests so the comparison takes the same time whatever the key's length.
  const expected = deps.config.DOSSIER_API_KEY ? digest(deps.config.DOSSIER_API_KEY) : undefined;

  r.post('/api/dossiers', async (req, res) => {
    if (!expected) throw new HttpError(404, t('dossiers:api.off'), 'api_off');
    const m = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '');
    if (!m || !timingSafeEqual(digest(m[1]!.trim()), expected)) {
      res.set('WWW-Authenticate', 'Bearer');
      throw new HttpError(401, t('dossiers:api.unauthorized'), 'unauthorized');
    }
    const body: unknown = req.body;
    const items: unknown[] = Array.isArray(body)
      ? body
      : body && typeof body === 'object' && Array.isArray((body as { records?: unknown }).records)
        ? (body as { records: unknown[] }).records
        : body && typeof body === 'object' && Object.keys(body).length
          ? [body]
          : [];
    if (!items.length) throw new HttpError(400, t('dossiers:api.empty'), 'empty');
    if (items.length > DOSSIER_API_MAX_RECORDS) {
      throw new HttpError(413, t('dossiers:api.too_many', { max: DOSSIER_API_MAX_RECORDS }), 'too_many');
    }

    const records: DossierRecord[] = [];
    const errors: { index: number; code?: string; problems: string[] }[] = [];
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const { raw, problems } = parseApiObject(item);
      const all: FieldProblem[] = [...problems];
      let record: DossierRecord | undefined;
      if (raw) {
        const parsed = parseDossierRecord(raw);
        all.push(...parsed.problems);
        record = parsed.record;
      }
      if (record && !all.length) {
        const first = seen.get(record.code);
        if (first !== undefined) all.push({ field: 'ma_ho_so', key: 'duplicate', params: { row: first } });
        else seen.set(record.code, index);
      }
      if (all.length || !record) {
        errors.push({
          index,
          code: typeof (item as Record<string, unknown> | null)?.ma_ho_so === 'string' ? String((item as Record<string, unknown>).ma_ho_so).slice(0, 64) : undefined,
          problems: all.map((p) => describeProblem(t, p)),
        });
      } else records.push(record);
    });
    if (errors.length) {
      res.status(422).json({ error: { code: 'invalid', message: t('dossiers:api.invalid'), records: errors } });
      return;
    }
    const result = await applyDossierRecords(deps.db, records, 'api');
    logger.info({ received: records.length, inserted: result.inserted, updated: result.updated }, 'dossier api push');
    res.json({
      received: records.length,
      inserted: result.inserted,
      updated: result.updated,
      unchanged: result.unchanged,
      statusChanges: result.changes.filter((c) => c.from !== null).length,
    });
  });
  return r;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
