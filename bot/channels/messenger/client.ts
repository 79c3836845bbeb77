// A thin client of the Graph Send API and messenger_profile. Errors come as HTTP 4xx/5xx with
// `{ error: { code, error_subcode, message } }`; classification follows docs/channels.md §Messenger Errors.
import type { AxiosInstance } from 'axios';
import { lazyHttp } from '../../../core/http';
import { PlatformApiError } from '../../../core/errors';
import { classifyGraphError } from './policy';

// One small JSON POST; 10 s covers a slow link without letting a sender hang.
const GRAPH_HTTP_TIMEOUT_MS = 10_000;
// Back-off when Meta rate-limits without telling how long (codes 4, 613).
const GRAPH_RATE_LIMIT_RETRY_MS = 2_000;

export { classifyGraphError };

export class GraphClient {
  private readonly http: () => Promise<AxiosInstance>;

  constructor(
    base: string,
    private readonly version: string,
    private readonly pageToken: string,
  ) {
    this.http = lazyHttp({ baseURL: base, timeout: GRAPH_HTTP_TIMEOUT_MS, validateStatus: () => true });
  }

  async post(path: 'messages' | 'messenger_profile', body: Record<string, unknown>): Promise<Record<string, unknown>> {
    let res;
    try {
      res = await (await this.http()).post(`/${this.version}/me/${path}`, body, { params: { access_token: this.pageToken } });
    } catch (err) {
      throw new PlatformApiError('messenger', path, 'network', 'transient', (err as Error).message);
    }
    const data = (res.data ?? {}) as { error?: { code?: number; error_subcode?: number; message?: string } } & Record<string, unknown>;
    if (res.status === 200 && !data.error) return data;
    const e = data.error ?? {};
    const problem = classifyGraphError(res.status, e.code, e.error_subcode, e.message);
    if (e.code === 10 && e.error_subcode === 1893063) {
      // The Page itself is restricted: nothing will go out until staff fix it in Meta's Business Suite.
      throw new PlatformApiError('messenger', path, `${e.code}/${e.error_subcode}`, 'invalid', `Page restricted from sending: ${e.message ?? ''}`);
    }
    const code = e.error_subcode ? `${e.code}/${e.error_subcode}` : (e.code ?? res.status);
    throw new PlatformApiError('messenger', path, code, problem, e.message ?? `HTTP ${res.status}`, problem === 'rate_limited' ? GRAPH_RATE_LIMIT_RETRY_MS : undefined);
  }
}
