// The procedure catalog: list and search, edit a procedure (fees included), import a file with a
// preview of what will change before it is applied, export. All changes go through the knowledge
// module's catalog API, which refreshes the assistant's search index at once.
import { randomBytes } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import { HttpError } from '../../core/errors';
import {
  applyImport, CatalogError, exportCatalog, getProcedure, listProcedures, previewImport, stableJson, updateProcedure,
  type Procedure, type ProcedurePatch,
} from '../../knowledge/catalog';
import { checkCatalog, countByKind, describeFinding, FINDING_KINDS, loadReplacedTexts, type Finding } from '../../knowledge/catalog-check';
import { formatSourceLines, parseSourceLines, SourceLineError } from '../../knowledge/provenance';
import { adminPendingImports } from '../../models/schema/admin';
import { readCatalogUpload, CatalogFileError } from '../catalog-file';
import { FEE_KINDS, FeeFormError, feeRowsOf, feeRulesFromBody } from '../fee-form';
import { parseMultipart } from '../multipart';
import { catalogCsv, catalogXlsx } from '../catalog-export';
import type { AdminPage } from '../types';
import { adminOf } from '../types';

const CODE_RE = /^\d\.\d{6}$/;
// A preview not applied within an hour is stale (the catalog may have changed meanwhile).
const PENDING_IMPORT_TTL_MS = 60 * 60_000;
const ONLINE_LEVELS = ['toan_trinh', 'mot_phan', 'khong'] as const;
// Long values are cut in the preview table; the full file is what gets applied.
const PREVIEW_VALUE_CHARS = 160;

type Body = Record<string, string | undefined>;

/** The version a form was opened on (the procedure's last change). */
const versionOf = (p: Procedure) => p.updatedAt?.toISOString() ?? '';

/** The edit form's values as strings (from a procedure, or as the user typed them). */
function formOf(p: Procedure) {
  return {
    name: p.name, field: p.field, agency: p.agency ?? '', timeText: p.timeText ?? '',
    timeDays: p.timeDays == null ? '' : String(p.timeDays),
    documents: (p.documents ?? []).join('\n'), documentsUnknown: p.documents === null,
    steps: (p.steps ?? []).join('\n'), submitWhere: p.submitWhere ?? '', submitHow: p.submitHow ?? '',
    onlineLevel: p.onlineLevel ?? '', onlineUrl: p.onlineUrl ?? '', legalBasis: p.legalBasis ?? '',
    feesUnknown: p.fees === null, feeNote: p.feeNote ?? '', aliases: p.aliases.join('\n'), faq: p.faq.join('\n'),
    reviewedAt: p.reviewedAt ?? '', source: p.source ?? '', sources: formatSourceLines(p.sources), active: p.active,
  };
}

function formFromBody(b: Body): ReturnType<typeof formOf> {
  const s = (k: string) => String(b[k] ?? '');
  return {
    name: s('name'), field: s('field'), agency: s('agency'), timeText: s('timeText'), timeDays: s('timeDays'),
    documents: s('documents'), documentsUnknown: Boolean(b.documentsUnknown), steps: s('steps'),
    submitWhere: s('submitWhere'), submitHow: s('submitHow'), onlineLevel: s('onlineLevel'), onlineUrl: s('onlineUrl'),
    legalBasis: s('legalBasis'), feesUnknown: Boolean(b.feesUnknown), feeNote: s('feeNote'), aliases: s('aliases'),
    faq: s('faq'), reviewedAt: s('reviewedAt'), source: s('source'), sources: s('sources'), active: Boolean(b.active),
  };
}

const lines = (s: string) => s.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
const orNull = (s: string) => (s.trim() ? s.trim() : null);

/** The patch for the catalog API; throws FeeFormError for an unreadable fee row, SourceLineError for a bad source line. */
function patchOf(b: Body): ProcedurePatch {
  const f = formFromBody(b);
  const days = f.timeDays.trim();
  return {
    name: f.name.trim(), field: f.field.trim(), agency: orNull(f.agency), timeText: orNull(f.timeText),
    timeDays: days === '' ? null : /^\d{1,3}$/.test(days) ? Number(days) : (Number.NaN as number),
    documents: f.documentsUnknown ? null : lines(f.documents), steps: lines(f.steps).length ? lines(f.steps) : null,
    submitWhere: orNull(f.submitWhere), submitHow: orNull(f.submitHow),
    onlineLevel: (ONLINE_LEVELS as readonly string[]).includes(f.onlineLevel) ? (f.onlineLevel as (typeof ONLINE_LEVELS)[number]) : null,
    onlineUrl: orNull(f.onlineUrl), legalBasis: orNull(f.legalBasis),
    fees: f.feesUnknown ? null : feeRulesFromBody(b as Record<string, unknown>),
    feeNote: orNull(f.feeNote), aliases: lines(f.aliases), faq: lines(f.faq), reviewedAt: orNull(f.reviewedAt),
    source: orNull(f.source), sources: parseSourceLines(f.sources), active: f.active,
  };
}

/** What to review, as the admin shows it: the same findings as `npm run catalog:check`. */
async function reviewFindings(db: Parameters<typeof listProcedures>[0], code?: string): Promise<Finding[]> {
  const all = await listProcedures(db);
  const today = new Date().toISOString().slice(0, 10);
  return checkCatalog(code ? all.filter((p) => p.code === code) : all, { today, replaced: loadReplacedTexts() });
}

function shorten(v: unknown): string {
  const s = v == null ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > PREVIEW_VALUE_CHARS ? s.slice(0, PREVIEW_VALUE_CHARS - 1) + '…' : s;
}

export const catalogPage: AdminPage = {
  name: 'catalog',
  nav: { titleKey: 'nav.catalog', path: '/catalog', roles: ['admin', 'staff'], order: 20 },
  mount(r, ctx) {
    const staff = ctx.requireRole('admin', 'staff');

    r.get('/catalog', staff, async (req, res) => {
      const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : '';
      const field = typeof req.query.field === 'string' ? req.query.field.slice(0, 200) : '';
      const all = await listProcedures(ctx.db, { includeInactive: true });
      const fields = [...new Set(all.map((p) => p.field))].sort((a, b) => a.localeCompare(b, 'vi'));
      const rows = q || field ? await listProcedures(ctx.db, { query: q || undefined, field: field || undefined, includeInactive: true }) : all;
      const review = countByKind(await reviewFindings(ctx.db));
      await ctx.render(req, res, 'catalog-list', { rows, q, field, fields, total: all.length, reviewCount: Object.values(review).reduce((a, b) => a + b, 0) });
    });

    r.get('/catalog/review', staff, async (req, res) => {
      const { t } = adminOf(req);
      const kind = typeof req.query.kind === 'string' && (FINDING_KINDS as readonly string[]).includes(req.query.kind) ? req.query.kind : '';
      const findings = await reviewFindings(ctx.db);
      const counts = countByKind(findings);
      const rows = findings.filter((f) => !kind || f.kind === kind).map((f) => ({ ...f, detail: describeFinding(f, t) }));
      await ctx.render(req, res, 'catalog-review', { rows, counts, kind, kinds: FINDING_KINDS }, { title: t('catalog:check.title') });
    });

    r.get('/catalog/export.json', staff, async (req, res) => {
      const rows = await exportCatalog(ctx.db);
      await ctx.audit(req, 'catalog.export', null, { procedures: rows.length });
      res.set('Content-Disposition', 'attachment; filename="catalog.json"').json({ procedures: rows });
    });

    // A new procedure typed in the admin: the few facts needed to answer; fees and the rest are
    // added on its page afterwards. Validated by the import's rules (previewImport), one row.
    const NEW_FIELDS = ['code', 'name', 'field', 'agency', 'timeText', 'documents', 'feeNote'] as const;
    r.get('/catalog/new', staff, async (req, res) => {
      const { t } = adminOf(req);
      await ctx.render(req, res, 'catalog-new', { values: {}, errors: [] }, { title: t('catalog.add') });
    });
    r.post('/catalog/new', staff, async (req, res) => {
      const { t } = adminOf(req);
      const b = req.body as Record<string, unknown>;
      const values = Object.fromEntries(NEW_FIELDS.map((f) => [f, typeof b[f] === 'string' ? (b[f] as string).trim() : ''])) as Record<(typeof NEW_FIELDS)[number], string>;
      const row: Record<string, unknown> = { code: values.code, name: values.name, field: values.field };
      if (values.agency) row.agency = values.agency;
      if (values.timeText) row.timeText = values.timeText;
      if (values.feeNote) row.feeNote = values.feeNote;
      if (values.documents) row.documents = values.documents.split(/\r?\n/).map((d) => d.trim()).filter(Boolean);
      const again = (errors: string[]) => ctx.render(req, res, 'catalog-new', { values, errors }, { title: t('catalog.add'), status: 400 });
      if (values.code && (await getProcedure(ctx.db, values.code))) return again([t('catalog.add_exists', { code: values.code })]);
      const result = await applyImport(ctx.db, [row]);
      if (!result.ok) return again(result.errors.map((e) => e.reason));
      await ctx.audit(req, 'catalog.add', values.code);
      await ctx.flash(req, 'ok', t('catalog.added', { code: values.code }));
      res.redirect(303, `/admin/catalog/${encodeURIComponent(values.code)}`);
    });

    // CSV and XLSX: the same columns the import reads, so an edited export can be imported back.
    r.get('/catalog/export.:format', staff, async (req, res, next) => {
      const format = req.params.format;
      if (format !== 'csv' && format !== 'xlsx') return next();
      const rows = await exportCatalog(ctx.db);
      await ctx.audit(req, 'catalog.export', null, { procedures: rows.length, format });
      const stamp = new Date().toISOString().slice(0, 10);
      res
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .set('Content-Disposition', `attachment; filename="danh-muc-thu-tuc_${stamp}.${format}"`)
        .send(format === 'csv' ? catalogCsv(rows) : await catalogXlsx(rows));
    });

    // ---- import: upload → preview → apply ----
    r.get('/catalog/import', staff, async (req, res) => {
      await ctx.render(req, res, 'catalog-import', { preview: null, error: null });
    });

    r.post('/catalog/import', staff, async (req, res) => {
      const { t, user } = adminOf(req);
      const { files } = await parseMultipart(req, res);
      const file = files.find((f) => f.field === 'file' && f.data.length);
      if (!file) return ctx.render(req, res, 'catalog-import', { preview: null, error: t('catalog.import_no_file') }, { status: 400 });
      let rows: Record<string, unknown>[];
      try {
        rows = await readCatalogUpload(file.data, file.filename);
      } catch (e) {
        if (!(e instanceof CatalogFileError || e instanceof CatalogError)) throw e;
        return ctx.render(req, res, 'catalog-import', { preview: null, error: t('catalog.import_unreadable', { reason: e.message }) }, { status: 400 });
      }
      const result = await previewImport(ctx.db, rows);
      // Old values for the preview's before → after columns (rows matched by code: row numbers are file lines).
      const byCode = new Map(rows.map((r) => [String(r.code ?? '').trim(), r]));
      const details = [];
      for (const c of result.changes) {
        if (c.action !== 'update') continue;
        const before = (await getProcedure(ctx.db, c.code)) as Record<string, unknown> | null;
        const after = byCode.get(c.code) ?? {};
        details.push({ code: c.code, fields: c.fields.map((f) => ({ field: f, before: shorten(before?.[f]), after: shorten(after[f]) })) });
      }
      let pendingId: string | null = null;
      if (result.ok && result.changes.some((c) => c.action !== 'unchanged')) {
        pendingId = randomBytes(16).toString('hex');
        await ctx.db.delete(adminPendingImports).where(lt(adminPendingImports.createdAt, new Date(Date.now() - PENDING_IMPORT_TTL_MS)));
        await ctx.db.insert(adminPendingImports).values({ id: pendingId, userId: user.id, fileName: file.filename.slice(0, 200), rows });
      }
      await ctx.render(req, res, 'catalog-import', {
        preview: { ...result, fileName: file.filename, details, pendingId,
          counts: {
            insert: result.changes.filter((c) => c.action === 'insert').length,
            update: result.changes.filter((c) => c.action === 'update').length,
            unchanged: result.changes.filter((c) => c.action === 'unchanged').length,
          } },
        error: null,
      }, { status: result.ok ? 200 : 422 });
    });

    r.post('/catalog/import/:id/apply', staff, async (req, res) => {
      const { t, user } = adminOf(req);
      const id = String(req.params.id);
      const [pending] = /^[0-9a-f]{32}$/.test(id)
        ? await ctx.db.select().from(adminPendingImports).where(and(eq(adminPendingImports.id, id), eq(adminPendingImports.userId, user.id)))
        : [];
      if (!pending || Date.now() - pending.createdAt.getTime() > PENDING_IMPORT_TTL_MS) {
        await ctx.flash(req, 'error', t('catalog.import_expired'));
        return res.redirect(303, '/admin/catalog/import');
      }
      const result = await applyImport(ctx.db, pending.rows);
      await ctx.db.delete(adminPendingImports).where(eq(adminPendingImports.id, id));
      if (!result.ok) {
        // The catalog changed between preview and apply in a way that makes a row invalid.
        await ctx.flash(req, 'error', t('catalog.import_failed', { reason: result.errors.map((e) => `dòng ${e.row}: ${e.reason}`).join('; ') }));
        return res.redirect(303, '/admin/catalog/import');
      }
      const inserted = result.changes.filter((c) => c.action === 'insert').map((c) => c.code);
      const updated = result.changes.filter((c) => c.action === 'update').map((c) => c.code);
      await ctx.audit(req, 'catalog.import', pending.fileName, { inserted, updated });
      await ctx.flash(req, 'ok', t('catalog.import_done', { inserted: inserted.length, updated: updated.length }));
      res.redirect(303, '/admin/catalog');
    });

    // ---- one procedure ----
    const load = async (code: unknown) => {
      const c = String(code);
      const p = CODE_RE.test(c) ? await getProcedure(ctx.db, c) : null;
      if (!p) throw new HttpError(404, 'not found', 'not_found');
      return p;
    };

    const findingsOf = async (code: string, t: Parameters<typeof describeFinding>[1]) =>
      (await reviewFindings(ctx.db, code)).map((f) => ({ ...f, detail: describeFinding(f, t) }));

    r.get('/catalog/:code', staff, async (req, res) => {
      const p = await load(req.params.code);
      await ctx.render(req, res, 'catalog-edit', {
        findings: await findingsOf(p.code, adminOf(req).t), p, form: formOf(p), fees: feeRowsOf(p.fees), feeKinds: FEE_KINDS, onlineLevels: ONLINE_LEVELS, errors: [], version: versionOf(p),
      }, { title: `${p.code} · ${p.name}` });
    });

    r.post('/catalog/:code', staff, async (req, res) => {
      const { t } = adminOf(req);
      const p = await load(req.params.code);
      const body = req.body as Body;
      const errors: string[] = [];
      let saved: Procedure | undefined;
      // Someone saved this procedure after the form was opened: keep what was typed, show the
      // warning, and let a second save (which carries the new version) overwrite knowingly.
      if (body.version && body.version !== versionOf(p)) {
        errors.push(t('catalog.changed_meanwhile'));
      } else {
        try {
          const patch = patchOf(body);
          if (Number.isNaN(patch.timeDays)) errors.push(t('catalog.bad_days'));
          else saved = await updateProcedure(ctx.db, p.code, patch);
        } catch (e) {
          if (e instanceof FeeFormError) errors.push(t(e.key, { row: e.row }));
          else if (e instanceof SourceLineError) errors.push(t('catalog:check.sources_invalid', { reason: e.message }));
          else if (e instanceof CatalogError) errors.push(t('catalog.invalid', { reason: e.message }));
          else throw e;
        }
      }
      if (!saved) {
        const fees = Array.from({ length: Object.keys(body).filter((k) => k.startsWith('fee_kind_')).length }, (_, i) => ({
          kind: body[`fee_kind_${i}`] ?? '', label: body[`fee_label_${i}`] ?? '', amount: body[`fee_amount_${i}`] ?? '',
          unit: body[`fee_unit_${i}`] ?? '', tiers: body[`fee_tiers_${i}`] ?? '', cap: body[`fee_cap_${i}`] ?? '',
          condition: body[`fee_condition_${i}`] ?? '', who: body[`fee_who_${i}`] ?? '', note: body[`fee_note_${i}`] ?? '',
        }));
        return ctx.render(req, res, 'catalog-edit', {
          findings: await findingsOf(p.code, t), p, form: formFromBody(body), fees, feeKinds: FEE_KINDS, onlineLevels: ONLINE_LEVELS, errors, version: versionOf(p),
        }, { title: `${p.code} · ${p.name}`, status: errors.length && body.version !== versionOf(p) ? 409 : 400 });
      }
      const changed = Object.keys(formOf(p)).filter((k) => {
        const key = k === 'feesUnknown' ? 'fees' : k === 'documentsUnknown' ? 'documents' : k;
        // jsonb gives object keys back in its own order: compare with keys sorted.
        return stableJson((p as Record<string, unknown>)[key]) !== stableJson((saved as Record<string, unknown>)[key]);
      });
      const fields = [...new Set(changed.map((k) => (k === 'feesUnknown' ? 'fees' : k === 'documentsUnknown' ? 'documents' : k)))];
      if (fields.length) await ctx.audit(req, 'catalog.edit', p.code, { fields });
      await ctx.flash(req, 'ok', fields.length ? t('catalog.saved', { code: p.code }) : t('catalog.no_change'));
      res.redirect(303, `/admin/catalog/${p.code}`);
    });
  },
};
