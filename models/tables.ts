// Every table, for Drizzle's relational queries and for test clean-up.
// Add one line when a new file appears in models/schema/.
export * from './schema/core';
export * from './schema/dossiers';
export * from './schema/subscriptions';
export * from './schema/admin';
