// The request's cookies, parsed by the `cookie` library (the one express uses to write them).
import { parse } from 'cookie';
import type { Request } from 'express';

/** One cookie of the request; a malformed header gives none rather than failing the request. */
export function cookieOf(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  try {
    return parse(header)[name];
  } catch {
    return undefined;
  }
}
