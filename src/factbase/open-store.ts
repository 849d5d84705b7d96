import { join } from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { FactStore, FactStoreDescriptor } from './fact-store.js';
import type { FactBaseData } from './schema.js';
import { FileFactStore } from './file-store.js';

/** The store the configuration names: DATA_DIR/factbase.json, or PostgreSQL at FACTS_DATABASE_URL (else DATABASE_URL). */
export function factStoreDescriptor(config: Pick<Config, 'FACT_STORE' | 'FACTS_DATABASE_URL' | 'DATABASE_URL' | 'DATA_DIR'>): FactStoreDescriptor {
  if (config.FACT_STORE === 'postgres') {
    // config.ts refuses FACT_STORE=postgres with neither URL set.
    return { kind: 'postgres', url: (config.FACTS_DATABASE_URL ?? config.DATABASE_URL)! };
  }
  return { kind: 'file', file: join(config.DATA_DIR, 'factbase.json') };
}

export async function openFactStore(descriptor: FactStoreDescriptor, options: { logger?: Logger } = {}): Promise<FactStore> {
  if (descriptor.kind === 'file') return new FileFactStore(descriptor.file, options.logger);
  // Loaded only when used: the driver and Kysely cost `briefbot ask` on the file store ~100 ms to import.
  const { PostgresFactStore } = await import('./pg-store.js');
  return PostgresFactStore.open(descriptor, options);
}

/** One read of the configured store, closed after (`briefbot ask`, `digest run`). */
export async function readConfiguredFactBase(
  config: Pick<Config, 'FACT_STORE' | 'FACTS_DATABASE_URL' | 'DATABASE_URL' | 'DATA_DIR'>,
  logger?: Logger,
): Promise<FactBaseData> {
  const store = await openFactStore(factStoreDescriptor(config), logger ? { logger } : {});
  try {
    return (await store.read()).data;
  } finally {
    await store.close();
  }
}
