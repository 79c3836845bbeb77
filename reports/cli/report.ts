// npm run report -- --period 2024-Q2 [--json] [--out bao-cao.docx] [--xlsx bieu.xlsx] [--date D] [--force] [--lang vi|en]
// Computes the figures of the TTHC-control report (TT 01/2020/TT-VPCP) and writes the documents from
// the period's saved draft (the texts staff wrote in the admin). Messages in Vietnamese (cli:report.*)
// unless --lang en: staff read them.
import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { TFunction } from 'i18next';
import { cliArgs, processIO, runAsProgram, type CliIO } from '../../core/cli';
import { loadConfig, type Config } from '../../core/config';
import { DatabaseBusyError, type Db } from '../../models/db';
import { toolDatabase } from './database';
import { applyStoredSettings } from '../../models/repos/settings';
import { PeriodError, todayIn, viDate } from '../period';
import { TemplateError } from '../template';
import { blockers, checkDate, loadReport, periodFor, ReportDateError, reportDocx, reportXlsx } from '../service';
import { vn, vn1 } from '../format';

/** A file to write: its folder must exist (a clear message instead of a raw ENOENT). */
function folderProblem(t: TFunction, file: string): string | null {
  const dir = path.dirname(path.resolve(file));
  if (!existsSync(dir)) return t('cli:report.no_folder', { dir });
  if (!statSync(dir).isDirectory()) return t('cli:report.not_a_folder', { dir });
  if (existsSync(file) && statSync(file).isDirectory()) return t('cli:report.is_a_folder', { file, example: path.join(file, 'bao-cao.docx') });
  return null;
}

async function writeOut(t: TFunction, file: string, data: Buffer): Promise<void> {
  try {
    await writeFile(file, data);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new OutputError(
      code === 'EACCES' || code === 'EPERM'
        ? t('cli:report.write_denied', { file })
        : code === 'EBUSY'
          ? t('cli:report.write_busy', { file })
          : t('cli:report.write_failed', { file, code: code ?? '?' }),
    );
  }
}

class OutputError extends Error {}

/** Runs the command; returns the exit code. `db`, `config` and `today` are injectable for tests. */
export async function runReport(argv: string[], deps: { db?: Db; config?: Config; io?: CliIO; today?: string } = {}): Promise<number> {
  const io = deps.io ?? processIO;
  const cli = await cliArgs(
    {
      command: 'report',
      options: {
        period: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        xlsx: { type: 'string' },
        date: { type: 'string' },
        force: { type: 'boolean', default: false },
      },
    },
    argv,
    io,
  );
  if (typeof cli === 'number') return cli;
  const { values: args, lang, t } = cli;
  const config = deps.config ?? loadConfig();
  let period;
  let dateWarning: string | undefined;
  try {
    if (args.period && (args.from || args.to)) throw new PeriodError(t('cli:report.period_both'));
    if (args.period) period = periodFor(args.period, config);
    else if (args.from && args.to) period = periodFor({ from: args.from, to: args.to }, config);
    else throw new PeriodError(t('cli:report.period_missing'));
    dateWarning = checkDate(args.date, period).warning;
  } catch (e) {
    if (e instanceof PeriodError) {
      io.stderr(`${t('cli:report.bad_period', { reason: e.message })}\n`);
      return 2;
    }
    if (e instanceof ReportDateError) {
      io.stderr(`${t('cli:report.bad_date', { date: args.date ?? '' })}\n`);
      return 2;
    }
    throw e;
  }
  for (const file of [args.out, args.xlsx]) {
    const problem = file ? folderProblem(t, file) : null;
    if (problem) {
      io.stderr(`${problem}\n`);
      return 2;
    }
  }
  if (!args.json && !args.out && !args.xlsx) args.json = true;

  const steps = 1 + (args.out ? 1 : 0) + (args.xlsx ? 1 : 0);
  const bar = io.tty
    ? new cliProgress.SingleBar({ format: `${t('cli:report.progress')} [{bar}] {value}/{total} {step}`, stream: process.stderr }, cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(steps, 0, { step: t('cli:report.step_figures') });
  const started = Date.now();

  let close: (() => Promise<void>) | undefined;
  try {
    const opened = await toolDatabase(deps.db, config);
    close = opened.close;
    const db = opened.db;
    // The header and signer set in the admin's settings apply here too.
    await applyStoredSettings(db, config);
    const report = await loadReport(db, period, config, { create: false, lang });
    const figures = report.figures;
    const writing = Boolean(args.out || args.xlsx);
    const label = period.label[lang];
    const blocked = blockers(period, figures, deps.today ?? todayIn(config.TZ_DISPLAY));
    const reasons = blocked.map((b) =>
      b.code === 'not_ended' ? t('cli:report.not_ended', { period: label, to: viDate(b.to) }) : t('cli:report.no_dossiers', { period: label }),
    );
    if (writing && reasons.length && !args.force) {
      bar?.stop();
      io.stderr(`${t('cli:report.refused', { reasons: reasons.join('; ') })}\n`);
      return 1;
    }
    if (args.out) {
      await writeOut(t, args.out, await reportDocx(report, config, args.date));
      bar?.increment(1, { step: 'docx' });
    }
    if (args.xlsx) {
      await writeOut(t, args.xlsx, await reportXlsx(report, config, args.date));
      bar?.increment(1, { step: 'xlsx' });
    }
    bar?.increment(1, { step: t('cli:report.step_done') });
    bar?.stop();
    if (args.json) io.stdout(`${JSON.stringify(figures, null, 2)}\n`);
    const d = figures.dossiers;
    const s = figures.satisfaction;
    const written = [args.out, args.xlsx].filter((f): f is string => Boolean(f)).map((file) => t('cli:report.wrote', { file })).join('');
    const summary = t('cli:report.summary', {
      period: label,
      from: viDate(period.from),
      to: viDate(period.to),
      received: vn(d.received.total),
      resolved: vn(d.resolved.total),
      inProcess: vn(d.in_process.total),
      forms: vn(s.forms),
      score: s.score === null ? '-' : vn1(s.score),
      warnings: figures.warnings.length,
      written,
      ms: Date.now() - started,
    });
    io.stderr(`${summary}\n`);
    for (const reason of writing ? reasons : []) io.stderr(`${t('cli:report.forced', { reason })}\n`);
    if (writing && dateWarning) io.stderr(`${t('cli:report.early_date', { date: viDate(args.date!), to: viDate(period.to) })}\n`);
    if (writing) {
      if (report.draft.state === 'approved') io.stderr(`${t('cli:report.approved', { by: report.draft.approvedBy ?? '' })}\n`);
      else if (!report.draft.saved) io.stderr(`${t('cli:report.no_draft')}\n`);
      if (report.unconfirmed.length) {
        io.stderr(`${t('cli:report.unconfirmed', { count: report.unconfirmed.length, items: report.unconfirmed.join('; ') })}\n`);
      }
    }
    for (const w of figures.warnings) io.stderr(`  ! ${w.message}\n`);
    return 0;
  } catch (e) {
    bar?.stop();
    if (e instanceof DatabaseBusyError) {
      io.stderr(`${t('cli:db.busy')}\n`);
      return 1;
    }
    if (e instanceof TemplateError || e instanceof OutputError) {
      io.stderr(`${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    await close?.();
  }
}

runAsProgram(import.meta.url, runReport, 'cli:report.failed');
