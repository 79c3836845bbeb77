// The knowledge module's entry point: builds the understanding the engine uses.
import type { Db } from '../models/db';
import { basicUnderstanding, type Understanding } from './understand';

export async function createUnderstanding(_db: Db): Promise<Understanding> {
  return basicUnderstanding();
}
