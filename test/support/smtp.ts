/**
 * A real SMTP listener for tests: accepts every message on 127.0.0.1 (port chosen by the
 * OS) and keeps its exact bytes. `stop()` closes the listener so connections are refused
 * ("SMTP down"); `start()` listens again on the same port.
 */
import { SMTPServer, type SMTPServerEnvelope } from 'smtp-server';

export interface CapturedMail {
  raw: Buffer;
  envelope: { from: string | null; to: string[] };
  /** The Message-ID header, angle brackets included, or undefined if absent. */
  messageId?: string;
  receivedAt: Date;
}

export interface SmtpCapture {
  host: string;
  port: number;
  messages: CapturedMail[];
  readonly listening: boolean;
  /** Resolves with the messages once at least `n` arrived; rejects after `timeoutMs`. */
  waitFor(n: number, timeoutMs?: number): Promise<CapturedMail[]>;
  /** Closes the listener and drops open sessions: new connections are refused. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const host = '127.0.0.1';
  const messages: CapturedMail[] = [];
  const waiters = new Set<() => void>();
  let server: SMTPServer | undefined;
  let port = 0;

  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth(_auth, _session, cb) {
        cb(null, { user: 'test' });
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', (err) => cb(err));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          messages.push({ raw, envelope: envelopeOf(session.envelope), messageId: headerValue(raw, 'message-id'), receivedAt: new Date() });
          for (const w of waiters) w();
          cb(null);
        });
      },
    });

  const listen = async () => {
    const srv = create();
    srv.on('error', () => {
      /* a dropped client; nothing to do in tests */
    });
    await new Promise<void>((resolve, reject) => {
      srv.server.once('error', reject);
      srv.listen(port, host, () => {
        srv.server.off('error', reject);
        resolve();
      });
    });
    const addr = srv.server.address();
    if (typeof addr === 'object' && addr) port = addr.port;
    server = srv;
  };

  const stop = async () => {
    const srv = server;
    if (!srv) return;
    server = undefined;
    await new Promise<void>((resolve) => {
      srv.server.close(() => resolve());
      // Sessions still open would hold the server up to 30 s: end them now.
      for (const conn of srv.connections) {
        conn.send(421, 'Server shutting down');
        conn.close();
      }
    });
  };

  await listen();
  return {
    host,
    get port() {
      return port;
    },
    messages,
    get listening() {
      return server !== undefined;
    },
    waitFor(n, timeoutMs = 10_000) {
      if (messages.length >= n) return Promise.resolve(messages);
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < n) return;
          cleanup();
          resolve(messages);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`expected ${n} SMTP message(s) within ${timeoutMs} ms, got ${messages.length}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
      });
    },
    stop,
    async start() {
      if (!server) await listen();
    },
    close: stop,
  };
}

function envelopeOf(env: SMTPServerEnvelope): CapturedMail['envelope'] {
  return { from: env.mailFrom ? env.mailFrom.address : null, to: env.rcptTo.map((r) => r.address) };
}

/** A header's unfolded value from the header block of a raw message. */
function headerValue(raw: Buffer, name: string): string | undefined {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = (end >= 0 ? text.slice(0, end) : text).replace(/\r?\n[ \t]+/g, ' ');
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === name) return line.slice(colon + 1).trim();
  }
  return undefined;
}
