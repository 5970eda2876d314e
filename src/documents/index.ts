/**
 * The process-wide document pool (src/documents/pool.ts): created on first use with the
 * settings the app configured, ended by `shutdownDocuments()`. Everything that reads
 * untrusted documents goes through `documentPool().run(task, ...)`.
 */
import { DocumentPool, type DocumentPoolOptions } from './pool.ts';

export { DocumentPool, DocumentUnsafeError, type ChildFailure, type DocumentPoolOptions, type TaskName } from './pool.ts';

let settings: DocumentPoolOptions = {};
let shared: DocumentPool | undefined;

/** Settings for the pool made next (the running one, if any, keeps its own until shut down). */
export function configureDocuments(opts: DocumentPoolOptions): void {
  settings = { ...opts };
}

export function documentPool(): DocumentPool {
  shared ??= new DocumentPool(settings);
  return shared;
}

/** Ends the pool's children (on shutdown; a later `documentPool()` makes a new pool). */
export async function shutdownDocuments(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
