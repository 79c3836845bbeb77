// The capabilities a citizen can use, in routing priority order. Add one line per capability.
import type { Handler } from './types';
import type { Db } from '../models/db';
import type { Config } from '../core/config';
import { createFeedbackHandler } from './feedback';
import { createDossierHandler } from './dossiers';
import { createRatingHandler } from './rating';
import { createSubscriptionsHandler } from './subscriptions';
import { createProceduresHandler } from './procedures';

export interface HandlerDeps {
  db: Db;
  config: Config;
}

export function createHandlers(deps: HandlerDeps): Handler[] {
  return [
    // Before the dossier look-up: "đánh giá hồ sơ <code>" is a rating, not a look-up.
    createRatingHandler(deps),
    // First: it only takes a message that holds a dossier code or asks for a look-up.
    createDossierHandler(deps),
    createFeedbackHandler(deps),
    createSubscriptionsHandler(deps),
    // Procedures and fees: the catalog answers (intents procedure, fee).
    createProceduresHandler(deps),
  ];
}
