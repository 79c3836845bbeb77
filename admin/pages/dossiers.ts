// Dossiers (hồ sơ): a list with search (code or procedure, without diacritics) and status filter, a
// detail page with the status history, and imports of dossier and rating files in the browser:
// upload → preview with row errors → apply, while the server keeps answering citizens (the only
// way to import on PGlite without stopping the service). Applicant name and phone are never shown.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Request, Response } from 'express';
import { and, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import { HttpError } from '../../core/errors';
import { containsSql } from '../../models/fold-sql';
import { dossiers } from '../../models/schema/dossiers';
import { adminPendingImports } from '../../models/schema/admin';
import {
  applyDossierRecords, dossierHistoryOf, findDossier, type DossierRecord,
} from '../../models/repos/dossiers/records';
import { countKnownDossiers, importRatings, type NewRating } from '../../models/repos/ratings';
import { ImportFileError, parseDossierFile } from '../../handlers/dossiers/importer';
import { describeProblem } from '../../handlers/dossiers/records';
import { checkAgainstDossiers, parseRatingsCsv, parseRatingsXlsx } from '../../reports/ratings-import';
import { todayIn } from '../../reports/period';
import { parseMultipart } from '../multipart';
import type { AdminPage } from '../types';
import { adminOf } from '../types';
import { DOSSIER_STATUSES } from './dashboard';

const LIST_ROWS = 50;
// An upload waits this long for "Áp dụng" (same as the catalog import).
const PENDING_TTL_MS = 60 * 60_000;
// Rows of the preview table and of the error list shown on screen (the counts are always complete).
const PREVIEW_ROWS = 20;
const SHOWN_PROBLEMS = 100;
type Kind = 'dossiers' | 'ratings';

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export const dossiersPage: AdminPage = {
  name: 'dossiers',
  nav: { titleKey: 'dossiers_admin.nav', path: '/dossiers', roles: ['admin', 'staff'], order: 27 },
  mount(r, ctx) {
    const staff = ctx.requireRole('admin', 'staff');

    r.get('/dossiers', staff, async (req, res) => {
      const { t } = adminOf(req);
      const q = str(req.query.q).slice(0, 100);
      const status = /^\d{1,2}$/.test(str(req.query.status)) ? Number(req.query.status) : undefined;
      const pageNo = /^\d{1,5}$/.test(str(req.query.page)) ? Math.max(1, Number(req.query.page)) : 1;
      const where: SQL[] = [];
      if (status) where.push(eq(dossiers.status, status));
      if (q) {
        const m = (c: Parameters<typeof containsSql>[0]) => containsSql(c, q);
        where.push(or(m(dossiers.code), m(sql`coalesce(${dossiers.procedureName}, '')`), m(sql`coalesce(${dossiers.procedureCode}, '')`), m(sql`coalesce(${dossiers.field}, '')`))!);
      }
      const cond = where.length ? and(...where) : undefined;
      const [count] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(dossiers).where(cond);
      const rows = await ctx.db
        .select({
          code: dossiers.code, procedureName: dossiers.procedureName, status: dossiers.status, receivedDate: dossiers.receivedDate,
          dueDate: dossiers.dueDate, endDate: dossiers.endDate, returnedDate: dossiers.returnedDate,
        })
        .from(dossiers)
        .where(cond)
        .orderBy(desc(dossiers.receivedDate), desc(dossiers.code))
        .limit(LIST_ROWS)
        .offset((pageNo - 1) * LIST_ROWS);
      const total = Number(count?.n ?? 0);
      const pages = Math.max(1, Math.ceil(total / LIST_ROWS));
      const link = (n: number) => `/admin/dossiers?${new URLSearchParams({ ...(q ? { q } : {}), ...(status ? { status: String(status) } : {}), page: String(n) })}`;
      await ctx.render(req, res, 'dossiers', {
        rows, total, q, status: status ?? '', statuses: DOSSIER_STATUSES,
        pager: { page: pageNo, pages, prev: pageNo > 1 ? link(pageNo - 1) : null, next: pageNo < pages ? link(pageNo + 1) : null },
      }, { title: t('dossiers_admin.title') });
    });

    r.get('/dossiers/import', staff, async (req, res) => {
      await ctx.render(req, res, 'dossiers-import', { preview: null, error: null }, { title: adminOf(req).t('dossiers_admin.import_title') });
    });

    const showImport = (req: Request, res: Response, data: Record<string, unknown>, status = 200) =>
      ctx.render(req, res, 'dossiers-import', { preview: null, error: null, ...data }, { title: adminOf(req).t('dossiers_admin.import_title'), status });

    r.post('/dossiers/import', staff, async (req, res) => {
      const { t, user } = adminOf(req);
      const { fields, files } = await parseMultipart(req, res);
      const kind: Kind = fields.kind === 'ratings' ? 'ratings' : 'dossiers';
      const file = files.find((f) => f.field === 'file' && f.data.length);
      if (!file) return showImport(req, res, { error: t('dossiers_admin.no_file'), kind }, 400);
      const ext = path.extname(file.filename).toLowerCase();
      if (!['.csv', '.xlsx', '.txt'].includes(ext)) return showImport(req, res, { error: t('dossiers_admin.bad_type', { file: file.filename }), kind }, 400);

      let records: unknown[];
      let preview: Record<string, unknown>;
      if (kind === 'dossiers') {
        // The reader of `npm run dossiers:import` takes a path: the upload goes to a private temp folder.
        const dir = await mkdtemp(path.join(tmpdir(), 'tl-dossiers-'));
        try {
          const tmp = path.join(dir, `upload${ext}`);
          await writeFile(tmp, file.data);
          const parsed = await parseDossierFile(tmp);
          records = parsed.records.map((x) => x.record);
          const known = await countKnownDossiers(ctx.db, parsed.records.map((x) => x.record.code));
          preview = {
            total: parsed.total, valid: parsed.records.length, rejected: parsed.rejected.length, known,
            unknownColumns: parsed.unknownColumns,
            problems: parsed.rejected.slice(0, SHOWN_PROBLEMS).map((p) => ({ row: p.row, text: p.problems.map((x) => describeProblem(t, x, parsed.labels)).join('; ') })),
            sample: parsed.records.slice(0, PREVIEW_ROWS).map((x) => x.record),
          };
        } catch (e) {
          if (!(e instanceof ImportFileError)) throw e;
          return showImport(req, res, { error: t(`dossiers:import.${e.key}`, { ...e.params, file: file.filename }), kind }, 400);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      } else {
        let parsed;
        try {
          parsed = ext === '.xlsx' ? await parseRatingsXlsx(file.data) : parseRatingsCsv(file.data.toString('utf8'));
        } catch (e) {
          return showImport(req, res, { error: t('dossiers_admin.unreadable', { file: file.filename, reason: (e as Error).message }), kind }, 400);
        }
        // Forms of unknown dossiers, dated before the receipt or in the future are shown as row errors, never imported.
        parsed = await checkAgainstDossiers(ctx.db, parsed, todayIn(ctx.config.TZ_DISPLAY));
        records = parsed.ratings;
        preview = {
          total: parsed.ratings.length + parsed.errors.length + parsed.repeated, valid: parsed.ratings.length, rejected: parsed.errors.length,
          repeated: parsed.repeated, known: await countKnownDossiers(ctx.db, parsed.ratings.map((x) => x.dossierCode)),
          unknownColumns: [],
          problems: parsed.errors.slice(0, SHOWN_PROBLEMS).map((p) => ({ row: p.line, text: p.message })),
          sample: parsed.ratings.slice(0, PREVIEW_ROWS),
        };
      }
      let pendingId: string | null = null;
      if (records.length) {
        pendingId = randomBytes(16).toString('hex');
        await ctx.db.delete(adminPendingImports).where(lt(adminPendingImports.createdAt, new Date(Date.now() - PENDING_TTL_MS)));
        await ctx.db.insert(adminPendingImports).values({ id: pendingId, userId: user.id, fileName: `${kind}:${file.filename.slice(0, 180)}`, rows: records });
      }
      await showImport(req, res, { kind, preview: { ...preview, kind, fileName: file.filename, pendingId, moreProblems: Math.max(0, Number(preview.rejected) - SHOWN_PROBLEMS) } });
    });

    r.post('/dossiers/import/apply', staff, async (req, res) => {
      const { t, user } = adminOf(req);
      const id = str((req.body as Record<string, unknown>).id);
      const [pending] = /^[0-9a-f]{32}$/.test(id)
        ? await ctx.db.select().from(adminPendingImports).where(and(eq(adminPendingImports.id, id), eq(adminPendingImports.userId, user.id)))
        : [];
      if (!pending || Date.now() - pending.createdAt.getTime() > PENDING_TTL_MS) {
        await ctx.flash(req, 'error', t('dossiers_admin.expired'));
        return res.redirect(303, '/admin/dossiers/import');
      }
      const [kind, ...rest] = pending.fileName.split(':');
      const fileName = rest.join(':');
      await ctx.db.delete(adminPendingImports).where(eq(adminPendingImports.id, id));
      if (kind === 'ratings') {
        const r = await importRatings(ctx.db, pending.rows as NewRating[]);
        await ctx.audit(req, 'ratings.import', fileName, { inserted: r.inserted });
        await ctx.flash(req, 'ok', t('dossiers_admin.ratings_done', { inserted: r.inserted, duplicates: r.duplicates }));
        return res.redirect(303, '/admin/dossiers/import');
      }
      const result = await applyDossierRecords(ctx.db, pending.rows as DossierRecord[], 'import');
      await ctx.audit(req, 'dossiers.import', fileName, { inserted: result.inserted, updated: result.updated });
      await ctx.flash(req, 'ok', t('dossiers_admin.done', { inserted: result.inserted, updated: result.updated, unchanged: result.unchanged }));
      res.redirect(303, '/admin/dossiers');
    });

    r.get('/dossiers/:code', staff, async (req, res) => {
      const { t } = adminOf(req);
      const code = String(req.params.code ?? '').slice(0, 64);
      const row = await findDossier(ctx.db, code);
      if (!row) throw new HttpError(404, t('dossiers_admin.not_found', { code }), 'not_found');
      const history = await dossierHistoryOf(ctx.db, code);
      // Personal fields are never shown (they exist to verify a citizen's look-up).
      const { applicantName: _n, applicantPhone: _p, contentHash: _h, ...shown } = row;
      await ctx.render(req, res, 'dossier-detail', {
        row: shown, history: history.map((h) => ({ ...h, changes: maskPersonal(h.changes) })),
      }, { title: code });
    });
  },
};

/** History entries name changed personal fields without their values. */
function maskPersonal(changes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(changes)) out[k] = /applicant|phone|name/i.test(k) ? 'changed' : v;
  return out;
}
