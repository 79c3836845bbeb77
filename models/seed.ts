// First-start data: loads the shipped sample data into an empty database.
// Each module adds its seeding step here (idempotent: it checks before inserting).
import type { Db } from './db';
import { loadSampleCatalogIfEmpty } from '../knowledge/catalog';

export async function seedDatabase(_db: Db): Promise<void> {
  // The sample catalog is loaded by the knowledge module (see knowledge/catalog).
  await loadSampleCatalogIfEmpty(_db);
}
