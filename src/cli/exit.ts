/** CONTRACT.md exit codes: 0 ok, 1 runtime failure, 2 bad usage, configuration or data. */
import { ConfigError } from '../config/errors.ts';
import { StoreInUseError } from '../models/db.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {
  readonly code = 'USAGE';
}

/** Prints an error for a person and returns the exit code it deserves. */
export function reportError(err: unknown): number {
  if (err instanceof ConfigError) {
    process.stderr.write(`court-intake: invalid configuration or data in ${err.message}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof StoreInUseError) {
    process.stderr.write(`court-intake: ${err.message}\n`);
    return EXIT_FAILURE;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`court-intake: ${err.message}\n`);
    return EXIT_USAGE;
  }
  process.stderr.write(`court-intake: ${(err as Error)?.stack ?? String(err)}\n`);
  return EXIT_FAILURE;
}
