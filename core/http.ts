// The HTTP client of the platform APIs (Zalo, Messenger), loaded when a platform is first called, not
// at start: axios and what it brings are about a third of a second of a start's module loading
// (issue 17), and an assistant on web chat alone never calls a platform.
import type { AxiosInstance, CreateAxiosDefaults } from 'axios';

/** An axios instance made on first use: `(await http()).post(...)`. */
export function lazyHttp(config: CreateAxiosDefaults): () => Promise<AxiosInstance> {
  let instance: Promise<AxiosInstance> | undefined;
  return () => (instance ??= import('axios').then((m) => m.default.create(config)));
}
