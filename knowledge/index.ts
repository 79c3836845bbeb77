// The knowledge module's entry point: builds the understanding the engine uses.
import type { Db } from '../models/db';
import { catalogUnderstanding, type Understanding } from './understand';
import { getKnowledge } from './store';

export async function createUnderstanding(db: Db): Promise<Understanding> {
  // Build the index now so the first message is answered as fast as the others.
  await getKnowledge(db);
  return catalogUnderstanding(db);
}

export type { Understanding } from './understand';
