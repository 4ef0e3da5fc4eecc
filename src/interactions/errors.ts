import { isConnectionError } from '../db/client.ts';

export const DATABASE_UNAVAILABLE_MESSAGE = "Riposte can't reach its database right now; try again in a minute.";

/**
 * The database is unreachable (server down, network cut, pool reconnecting). Not a bug and not the
 * member's mistake: the error boundary shows a message of its own, without an error id, and logs one
 * warning instead of a stack per interaction.
 */
export class DatabaseUnavailableError extends Error {
  constructor(options?: { cause?: unknown }) {
    super(DATABASE_UNAVAILABLE_MESSAGE, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** The error as a DatabaseUnavailableError when it (or a driver error it wraps) is a lost connection. */
export function asDatabaseUnavailable(err: unknown): DatabaseUnavailableError | undefined {
  if (err instanceof DatabaseUnavailableError) return err;
  return isConnectionError(err) ? new DatabaseUnavailableError({ cause: err }) : undefined;
}
