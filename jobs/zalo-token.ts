// Zalo OA OAuth v4 tokens: kept in the database, refreshed before expiry and on an auth error.
// The refresh token is single use (docs/channels.md §Zalo Pitfalls): two instances refreshing with the same one
// lose the grant. So a refresh runs under a PostgreSQL advisory lock, re-reads the stored pair under it,
// skips the call when another instance already rotated the pair, and commits the new pair before anyone
// uses the new access token. pg_advisory_xact_lock works on PGlite too.
import type { AxiosInstance } from 'axios';
import { lazyHttp } from '../core/http';
import cron, { type ScheduledTask } from 'node-cron';
import { sql } from 'drizzle-orm';
import type { Db } from '../models/db';
import { loadChannelToken, recordChannelTokenError, saveChannelToken, seedChannelToken, type ChannelToken } from '../models/repos/channels';
import { PlatformApiError } from '../core/errors';
import { logger } from '../core/logger';

export const ZALO_TOKEN_KEY = 'zalo';
// Refresh when less than 2 h of the 25 h access token remain ("well before 25 h", docs/channels.md §Zalo).
export const ZALO_REFRESH_MARGIN_MS = 2 * 60 * 60 * 1000;
// The refresh token lives 3 months (docs/channels.md §Zalo); stored to warn before it dies.
const ZALO_REFRESH_TOKEN_TTL_MS = 90 * 24 * 60 * 60 * 1000;
// Default access token lifetime when the answer lacks expires_in: 25 h (docs/channels.md §Zalo).
const ZALO_DEFAULT_EXPIRES_IN_S = 90_000;
// Token endpoint calls are small; 15 s covers a slow mobile-grade link without hanging a sender forever.
const ZALO_OAUTH_TIMEOUT_MS = 15_000;
// How long a read pair is reused before reading the database again.
const ZALO_TOKEN_CACHE_MS = 30_000;
// The scheduled check: every 15 minutes is far inside the 2 h margin.
export const ZALO_TOKEN_CRON = '*/15 * * * *';

export interface ZaloTokenConfig {
  appId: string;
  appSecret: string;
  oauthBase: string;
  /** The pair from the configuration, stored the first time only. */
  initial: { accessToken: string; refreshToken: string };
}

export class ZaloTokens {
  private readonly http: () => Promise<AxiosInstance>;
  private task: ScheduledTask | undefined;
  private checkedConfigured = false;
  private cache: { row: ChannelToken; at: number } | undefined;

  constructor(
    private readonly db: Db,
    private readonly cfg: ZaloTokenConfig,
  ) {
    this.http = lazyHttp({ baseURL: cfg.oauthBase, timeout: ZALO_OAUTH_TIMEOUT_MS, validateStatus: () => true });
  }

  /** The stored pair; the configured one is stored first when the table has none (first start). */
  private async stored(): Promise<ChannelToken> {
    const row = await loadChannelToken(this.db, ZALO_TOKEN_KEY);
    if (row && !this.checkedConfigured) {
      this.checkedConfigured = true;
      // The stored pair died (refresh refused) and an admin put a freshly granted pair in the configuration.
      if (row.lastError && row.refreshToken !== this.cfg.initial.refreshToken) {
        await saveChannelToken(this.db, ZALO_TOKEN_KEY, { ...this.cfg.initial, accessExpiresAt: null, refreshExpiresAt: null });
        logger.info({ channel: 'zalo' }, 'configured Zalo token pair replaces the refused stored pair');
        return (await loadChannelToken(this.db, ZALO_TOKEN_KEY))!;
      }
    }
    if (row) return row;
    await seedChannelToken(this.db, ZALO_TOKEN_KEY, this.cfg.initial);
    const seeded = await loadChannelToken(this.db, ZALO_TOKEN_KEY);
    if (!seeded) throw new Error('Zalo token row missing after seeding');
    return seeded;
  }

  /** The access token to use now; refreshed first when it is about to expire. */
  async accessToken(now = Date.now()): Promise<string> {
    // A briefly cached row saves a query per message; if another instance rotated the pair meanwhile,
    // Zalo answers -216 and the client's refresh(stale) re-reads the stored pair under the lock.
    const row = this.cache && now - this.cache.at < ZALO_TOKEN_CACHE_MS ? this.cache.row : await this.stored();
    this.cache = { row, at: now };
    if (row.accessExpiresAt && row.accessExpiresAt.getTime() - now < ZALO_REFRESH_MARGIN_MS) {
      return (await this.refresh(row.accessToken)).accessToken;
    }
    return row.accessToken;
  }

  /**
   * Rotates the pair, unless the stored access token is no longer `stale` (another sender or instance
   * refreshed meanwhile: its pair is returned). Throws PlatformApiError(expired_token) when Zalo refuses.
   */
  async refresh(stale: string): Promise<ChannelToken> {
    await this.stored();
    let failure: PlatformApiError | undefined;
    const result = await this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('zalo-oa-token'))`);
      const row = await loadChannelToken(tx as unknown as Db, ZALO_TOKEN_KEY);
      if (row && row.accessToken !== stale) return row;
      const res = await (await this.http()).post(
        '/v4/oa/access_token',
        new URLSearchParams({ app_id: this.cfg.appId, grant_type: 'refresh_token', refresh_token: row!.refreshToken }).toString(),
        { headers: { 'Content-Type': 'application/x-www-form-urlencoded', secret_key: this.cfg.appSecret } },
      );
      const body = (res.data ?? {}) as { access_token?: string; refresh_token?: string; expires_in?: string | number; error?: number; error_name?: string; error_description?: string };
      if (res.status >= 500) {
        failure = new PlatformApiError('zalo', 'refresh_token', res.status, 'transient', `OAuth server answered HTTP ${res.status}`);
        return undefined;
      }
      if (!body.access_token || !body.refresh_token) {
        failure = new PlatformApiError(
          'zalo', 'refresh_token', body.error ?? res.status, 'expired_token',
          `${body.error_name ?? 'refresh refused'}: ${body.error_description ?? ''}. An OA admin must grant access again (OAuth v4) and put the new pair in ZALO_ACCESS_TOKEN / ZALO_REFRESH_TOKEN.`,
        );
        return undefined;
      }
      const expiresIn = Number(body.expires_in ?? ZALO_DEFAULT_EXPIRES_IN_S) || ZALO_DEFAULT_EXPIRES_IN_S;
      const pair = {
        accessToken: body.access_token,
        refreshToken: body.refresh_token,
        accessExpiresAt: new Date(Date.now() + expiresIn * 1000),
        refreshExpiresAt: new Date(Date.now() + ZALO_REFRESH_TOKEN_TTL_MS),
      };
      // Saved inside the locked transaction: committed before the caller can use the new token.
      await saveChannelToken(tx as unknown as Db, ZALO_TOKEN_KEY, pair);
      return loadChannelToken(tx as unknown as Db, ZALO_TOKEN_KEY);
    });
    if (failure || !result) {
      const e = failure ?? new PlatformApiError('zalo', 'refresh_token', 'unknown', 'expired_token', 'refresh returned nothing');
      await recordChannelTokenError(this.db, ZALO_TOKEN_KEY, e.message);
      logger.error({ channel: 'zalo', code: e.code }, 'Zalo token refresh failed');
      throw e;
    }
    this.cache = { row: result, at: Date.now() };
    if (result.accessToken !== stale) logger.info({ channel: 'zalo', expiresAt: result.accessExpiresAt }, 'Zalo token pair ready');
    return result;
  }

  /** The scheduled check: refreshes a pair that is about to expire, or whose expiry is unknown. */
  async refreshIfDue(now = Date.now()): Promise<boolean> {
    const row = await this.stored();
    if (row.accessExpiresAt && row.accessExpiresAt.getTime() - now >= ZALO_REFRESH_MARGIN_MS) return false;
    await this.refresh(row.accessToken);
    return true;
  }

  start(): void {
    this.task = cron.schedule(
      ZALO_TOKEN_CRON,
      () => void this.refreshIfDue().catch((err) => logger.error({ err: (err as Error).message }, 'scheduled Zalo refresh failed')),
      { timezone: 'Asia/Ho_Chi_Minh', noOverlap: true },
    );
  }

  stop(): void {
    void this.task?.stop();
  }
}
