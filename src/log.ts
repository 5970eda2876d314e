/**
 * pino logger: JSON lines to stderr (stdout belongs to `process --json`), readable
 * through pino-pretty when stderr is a terminal.
 */
import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Secrets never reach a log line: passwords of mail servers (an object logged whole, a
 * connection error carrying its options), the clerks' session ids and cookies.
 */
export const REDACT: pino.LoggerOptions['redact'] = {
  paths: ['pass', 'password', 'auth.pass', 'sessionId', 'cookie', '*.pass', '*.password', '*.sessionId', '*.cookie', '*.auth.pass', '*.*.pass', 'headers.cookie', 'headers.authorization', '*.headers.cookie', '*.headers.authorization'],
  censor: '[redacted]',
};

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', destination: pino.DestinationStream = pino.destination({ dest: 2, sync: true })): Logger {
  if (process.stderr.isTTY && !process.env.LOG_JSON) {
    return pino({ level, base: undefined, redact: REDACT }, pino.transport({ target: 'pino-pretty', options: { destination: 2, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } }));
  }
  return pino({ level, base: { pid: process.pid }, redact: REDACT }, destination);
}

export const silentLogger: Logger = pino({ level: 'silent' });
