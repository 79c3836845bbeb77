// Every table, for Drizzle's relational queries and for test clean-up.
// Add one line when a new file appears in models/schema/.
export * from './schema/core';
export * from './schema/channels';
export * from './schema/dossiers';
export * from './schema/subscriptions';
export * from './schema/admin';
export * from './schema/feedback';
export * from './schema/procedures';
export * from './schema/ratings';
export * from './schema/publications';
export * from './schema/ops';
export * from './schema/daily';
