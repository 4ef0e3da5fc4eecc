/**
 * A start-up failure the operator can fix (database unreachable, wrong password, DATA_DIR not
 * writable, a pack file unreadable, a token Discord refuses). main.ts prints its message as one line
 * and exits 1; the cause's stack goes to the log at debug level only.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/** The `code` of an error or of any error in its cause chain (drizzle wraps driver errors). */
export function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
  }
  return undefined;
}

/**
 * The operating system's error code (ENOENT, EACCES, …) of an error or of any error in its cause
 * chain: a UserError about a file carries its own code and keeps the system's in its cause.
 */
export function systemErrorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
  }
  return undefined;
}
