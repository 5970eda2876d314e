/**
 * Errors of message parsing. Both are unrecoverable (the same bytes fail the same way):
 * the pipeline records the message as an exception for a clerk and never retries it.
 * Callers branch on `code`, which matches the reason code in src/rules/codes.ts.
 */

/** The raw message is larger than the configured limit; it was not parsed (I-6). */
export class MessageTooLargeError extends Error {
  readonly code = 'MESSAGE_TOO_LARGE';
  constructor(
    readonly size: number,
    readonly maxBytes: number,
  ) {
    super(`message is ${size} bytes, more than the ${maxBytes} bytes accepted for parsing`);
    this.name = 'MessageTooLargeError';
  }
}

/** mailparser could not make sense of the message at all (I-5). */
export class MalformedMessageError extends Error {
  readonly code = 'MALFORMED_MESSAGE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MalformedMessageError';
  }
}
