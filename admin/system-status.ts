// The "system status" card of the dashboard: the figures /metrics gives a monitoring system, in words
// staff read (queue, delivery time, failures, turns, refused webhooks, delays, the last backup).
import type { TFunction } from 'i18next';
import {
  eventLoopLagP99Ms, meanStatementMs, signatureRefusalsSinceStart, turnsSinceStart,
} from '../core/metrics';
import type { Db } from '../models/db';
import { opsFigures } from '../models/repos/ops';

// A message waiting longer than this is worth a look; a backup older than this means the nightly
// job is not running.
const OLDEST_ALERT_SECONDS = 5 * 60;
const BACKUP_ALERT_HOURS = 48;

export interface StatusLine {
  key: string;
  label: string;
  value: string;
  alert: boolean;
}

const oneDecimal = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

export async function systemStatus(db: Db, t: TFunction, formatDate: (d: Date) => string): Promise<StatusLine[]> {
  const f = await opsFigures(db);
  const turns = turnsSinceStart();
  const failed = f.outbound.filter((o) => o.status === 'failed').reduce((s, o) => s + o.n, 0);
  const lag = eventLoopLagP99Ms();
  const dbMs = meanStatementMs();
  const ms = (v: number | null) => (v == null ? t('system.none') : t('system.ms', { value: oneDecimal.format(v) }));
  const backupAgeHours = f.lastBackup ? (Date.now() - f.lastBackup.at.getTime()) / 3_600_000 : null;
  const totalTurns = Object.values(turns).reduce((s, n) => s + n, 0);
  return [
    { key: 'queue', label: t('system.queue'), value: String(f.queueDepth), alert: false },
    {
      key: 'oldest',
      label: t('system.oldest'),
      value: f.oldestPendingSeconds ? t('system.minutes', { value: oneDecimal.format(f.oldestPendingSeconds / 60) }) : t('system.none'),
      alert: f.oldestPendingSeconds > OLDEST_ALERT_SECONDS,
    },
    {
      key: 'latency',
      label: t('system.latency'),
      value: f.latency.p95 == null ? t('system.none') : t('system.seconds', { value: oneDecimal.format(f.latency.p95) }),
      alert: false,
    },
    { key: 'failed', label: t('system.failed'), value: String(failed), alert: failed > 0 },
    { key: 'turns', label: t('system.turns'), value: `${totalTurns}: ${t('system.turns_detail', turns)}`, alert: turns.error > 0 },
    { key: 'refusals', label: t('system.refusals'), value: String(signatureRefusalsSinceStart()), alert: false },
    { key: 'event_loop', label: t('system.event_loop'), value: ms(lag), alert: false },
    { key: 'db_time', label: t('system.db_time'), value: ms(dbMs), alert: false },
    {
      key: 'last_backup',
      label: t('system.last_backup'),
      value: f.lastBackup
        ? `${formatDate(f.lastBackup.at)}${backupAgeHours! > BACKUP_ALERT_HOURS ? ` (${t('system.old_backup')})` : ''}`
        : t('system.no_backup'),
      alert: backupAgeHours === null || backupAgeHours > BACKUP_ALERT_HOURS,
    },
  ];
}
