// The capabilities a citizen can use, in routing priority order. Add one line per capability.
import type { Handler } from '../bot/types';
import type { Db } from '../models/db';
import type { Config } from '../bot/config';

export interface HandlerDeps {
  db: Db;
  config: Config;
}

export function createHandlers(_deps: HandlerDeps): Handler[] {
  return [];
}
