/**
 * Which failures are worth another attempt. A message is retried (with backoff, up to
 * `attempts`) only when what failed was outside it: the database, Redis, an SMTP or IMAP
 * connection, a step that ran out of time waiting on one of them, or the document pool
 * closing under it at shutdown. Anything else failed because of what the message is (or
 * a fault of ours that the same bytes will hit again): retrying it five times only
 * delays the clerk, so it is decided on the first attempt (PROCESSING_FAILED, for a
 * clerk). Errors about the input itself never get here: the readers turn those into
 * findings (ATTACHMENT_UNREADABLE, MALFORMED_MESSAGE).
 */

/** SQLSTATE classes of a database that is down, busy or restarting (PostgreSQL appendix A). */
const TRANSIENT_SQLSTATE = /^(?:08|40|53|57|58|55P03|HV000)/;
const TRANSIENT_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'ESOCKET', 'EAUTH', 'ENOSPC', 'EMFILE', 'ENFILE', 'EBUSY']);
const TRANSIENT_CODES = new Set(['STEP_TIMEOUT', 'POOL_CLOSED', 'MESSAGE_MISSING']);
const TRANSIENT_NAMES = new Set(['MaxRetriesPerRequestError', 'ReplyError', 'AbortError']);
const TRANSIENT_TEXT = /connection (?:is )?(?:closed|terminated|refused|reset)|Connection terminated|timeout exceeded when trying to connect|PGlite is closed|database system is (?:starting up|shutting down)|too many clients|the document pool (?:is|was) closed|socket hang up/i;

export function isTransient(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, name, message } = e as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string' && (TRANSIENT_ERRNO.has(code) || TRANSIENT_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && TRANSIENT_SQLSTATE.test(code)))) return true;
    if (typeof name === 'string' && TRANSIENT_NAMES.has(name)) return true;
    if (typeof message === 'string' && TRANSIENT_TEXT.test(message)) return true;
  }
  return false;
}

/** Marks an error as final for the job queues (in-process and BullMQ): no more attempts. */
export function markUnrecoverable<T>(err: T): T {
  if (err && typeof err === 'object') Object.assign(err, { unrecoverable: true });
  return err;
}
