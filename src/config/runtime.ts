/**
 * Runtime settings: environment plus an optional YAML/JSON config file. Validated once at
 * start (zod, unknown keys rejected, every problem at once), then frozen and passed down.
 *
 * Absent settings fall back to the embedded defaults: PGlite in ./data, jobs in-process,
 * directory mailboxes under ./mail and replies written to ./mail/outbox.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { DEFAULT_LIMITS, type DocumentLimits } from '../parsers/limits.ts';
import { ConfigError, formatZodIssues } from './errors.ts';
import { deepFreeze } from './court-data.ts';
import type { Disposition, ImapSettings, SmtpSettings } from './mailbox.ts';

const port = z.number().int().min(1).max(65535);

const smtp = z.strictObject({
  host: z.string().min(1),
  port: port.default(587),
  secure: z.boolean().default(false),
  user: z.string().optional(),
  pass: z.string().optional(),
  /** The password in a file of its own (a container secret): its first line. */
  passFile: z.string().min(1).optional(),
  /** The password in an environment variable of this name. */
  passEnv: z.string().min(1).optional(),
  tlsRejectUnauthorized: z.boolean().default(true),
});

const folders = z.strictObject({
  docketed: z.string().default('Docketed'),
  accepted: z.string().default('Accepted'),
  rejected: z.string().default('Rejected'),
  exception: z.string().default('Exceptions'),
  ignored: z.string().default('Ignored'),
});

const imapServer = z.strictObject({
  host: z.string().min(1).optional(),
  port: port.optional(),
  secure: z.boolean().optional(),
  user: z.string().optional(),
  pass: z.string().optional(),
  passFile: z.string().min(1).optional(),
  passEnv: z.string().min(1).optional(),
  folder: z.string().optional(),
  folders: folders.partial().optional(),
  idleRestartMs: z.number().int().positive().optional(),
  resyncMs: z.number().int().positive().optional(),
});

/** Every bound of src/parsers/limits.ts, each optional (absent: its default). */
const limits = z.strictObject(Object.fromEntries(Object.keys(DEFAULT_LIMITS).map((k) => [k, z.number().int().positive().optional()]))) as unknown as z.ZodType<Partial<DocumentLimits>>;

const schema = z.strictObject({
  /** The court data file (CONTRACT.md). */
  data: z.string().default('config/court.yaml'),
  databaseUrl: z.string().optional(),
  storeDir: z.string().default('data'),
  redisUrl: z.string().optional(),
  queuePrefix: z.string().default('court-intake'),
  mailDir: z.string().default('mail'),
  /** Default IMAP server for every mailbox; per-mailbox settings override it. */
  imap: imapServer.optional(),
  /** Default SMTP relay for replies; per-mailbox settings override it. */
  smtp: smtp.optional(),
  mailboxes: z.record(z.string(), z.strictObject({ imap: imapServer.optional(), smtp: smtp.optional() })).default({}),
  replyRateLimit: z.strictObject({ max: z.number().int().positive().default(20), windowMinutes: z.number().positive().default(60) }).default({ max: 20, windowMinutes: 60 }),
  /**
   * The clerks' exception digest (N-4). `cron` is read in the court's time zone (court
   * data `court.timezone`) and checked when the daemon starts; without recipients no
   * digest is scheduled. `baseUrl` is the clerks' page, linked from every item.
   */
  digest: z
    .strictObject({
      cron: z.string().min(1).default('30 7 * * 1-5'),
      recipients: z.array(z.email()).default([]),
      baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    })
    .default({ cron: '30 7 * * 1-5', recipients: [] }),
  /**
   * The clerks' web page. It listens on the loopback unless told otherwise; put a TLS
   * proxy in front of it for use across a network.
   */
  web: z
    .strictObject({
      /** `court-intake run` starts the page beside the daemon unless this is false. */
      enabled: z.boolean().default(true),
      host: z.string().min(1).default('127.0.0.1'),
      /** 0: a port chosen by the system (tests). */
      port: z.number().int().min(0).max(65535).default(8025),
      /**
       * Trust `X-Forwarded-For` / `X-Forwarded-Proto` from a TLS proxy: true (any), or
       * the proxy's addresses. The client address (rate limit, audit) and the Secure
       * cookie flag then follow the proxy's headers.
       */
      trustProxy: z.union([z.boolean(), z.array(z.string().min(1))]).default(false),
      /** Always mark the session cookie Secure (the page is only ever reached over TLS). */
      secureCookies: z.boolean().default(false),
      /** A session ends this many hours after login. */
      sessionHours: z.number().positive().default(12),
    })
    .default({ enabled: true, host: '127.0.0.1', port: 8025, trustProxy: false, secureCookies: false, sessionHours: 12 }),
  /**
   * The child processes that read documents (PDF, OCR, Word, MIME). `workers` defaults to
   * the number of cores; a child is killed and replaced when one task takes longer than
   * `taskTimeoutMs` or its memory grows past `maxRssMb`.
   */
  documents: z
    .strictObject({
      workers: z.number().int().positive().optional(),
      ocrThreads: z.number().int().positive().default(1),
      taskTimeoutMs: z.number().int().positive().default(150_000),
      maxRssMb: z.number().int().positive().default(1200),
      heapMb: z.number().int().positive().default(1024),
    })
    .default({ ocrThreads: 1, taskTimeoutMs: 150_000, maxRssMb: 1200, heapMb: 1024 }),
  /** Bounds on the work one message or document may cause (names in docs and README). */
  limits: limits.default({}),
  /** How many messages are processed at once. */
  concurrency: z.number().int().positive().default(2),
  /** Attempts for a transient failure before the message becomes a PROCESSING_FAILED exception. */
  attempts: z.number().int().positive().default(5),
  shutdownTimeoutMs: z.number().int().positive().default(15000),
  /** Messages larger than this are not parsed but handed to a clerk (PITFALLS: bound the size). */
  maxMessageBytes: z.number().int().positive().default(60 * 1024 * 1024),
  /** P-4: a stamp more than this many days before the arrival is implausible. */
  stampMaxAgeDays: z.number().int().positive().default(30),
  /** Outbox sweep interval: retries replies that could not be sent. */
  outboxSweepMs: z.number().int().positive().default(5000),
  /**
   * How long a reply being sent is reserved for its sender. A sender that dies mid-send
   * leaves the reply to be sent again (same bytes, same Message-ID) after this; it must
   * be longer than an SMTP transaction can take.
   */
  outboxLeaseMs: z.number().int().positive().default(90_000),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type RuntimeFile = z.infer<typeof schema>;

export interface RuntimeConfig extends Omit<RuntimeFile, 'imap' | 'smtp' | 'mailboxes'> {
  /** Folder of the config file; relative paths inside it are relative to this. */
  baseDir: string;
  imapFor(mailboxId: string): ImapSettings | undefined;
  smtpFor(mailboxId: string): SmtpSettings | undefined;
}

const DEFAULT_FOLDERS: Record<Disposition, string> = folders.parse({});

/**
 * A password given as `passFile` (its first line) or `passEnv` (that variable) becomes
 * `pass`. Problems name the setting and the file or variable, never the secret.
 */
function resolveSecret(where: string, s: { pass?: string; passFile?: string; passEnv?: string } | undefined, baseDir: string, env: NodeJS.ProcessEnv, problems: string[]): void {
  if (!s) return;
  const given = (['pass', 'passFile', 'passEnv'] as const).filter((k) => s[k] !== undefined);
  if (given.length > 1) {
    problems.push(`${where}: give one of pass, passFile and passEnv, not ${given.join(' and ')}`);
    return;
  }
  if (s.passFile !== undefined) {
    const path = resolve(baseDir, s.passFile);
    try {
      s.pass = readFileSync(path, 'utf8').split(/\r?\n/)[0] ?? '';
    } catch (err) {
      problems.push(`${where}.passFile: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  } else if (s.passEnv !== undefined) {
    const value = env[s.passEnv];
    if (value === undefined) problems.push(`${where}.passEnv: the environment variable ${s.passEnv} is not set`);
    else s.pass = value;
  }
  delete s.passFile;
  delete s.passEnv;
}

/**
 * Builds the runtime configuration from an optional file and the environment
 * (DATABASE_URL, REDIS_URL, COURT_INTAKE_DATA, LOG_LEVEL override the file).
 */
export function loadRuntimeConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  let raw: Record<string, unknown> = {};
  const label = file ?? '(environment)';
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(file, [`cannot read the file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`]);
    }
    const doc = YAML.parseDocument(text);
    if (doc.errors.length) throw new ConfigError(file, doc.errors.map((e) => `not valid YAML/JSON: ${e.message.split('\n')[0]}`));
    raw = (doc.toJS() as Record<string, unknown>) ?? {};
  }
  if (env.DATABASE_URL) raw.databaseUrl = env.DATABASE_URL;
  if (env.REDIS_URL) raw.redisUrl = env.REDIS_URL;
  if (env.COURT_INTAKE_DATA) raw.data = env.COURT_INTAKE_DATA;
  if (env.LOG_LEVEL) raw.logLevel = env.LOG_LEVEL;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(label, formatZodIssues(parsed.error));
  const cfg = parsed.data;
  const baseDir = file ? dirname(resolve(file)) : process.cwd();
  const problems: string[] = [];
  resolveSecret('imap', cfg.imap, baseDir, env, problems);
  resolveSecret('smtp', cfg.smtp, baseDir, env, problems);
  for (const [id, mb] of Object.entries(cfg.mailboxes)) {
    resolveSecret(`mailboxes.${id}.imap`, mb.imap, baseDir, env, problems);
    resolveSecret(`mailboxes.${id}.smtp`, mb.smtp, baseDir, env, problems);
  }
  for (const [id, mb] of Object.entries(cfg.mailboxes)) {
    const imap = { ...cfg.imap, ...mb.imap };
    if (mb.imap && (!imap.host || !imap.user || imap.pass === undefined)) problems.push(`mailboxes.${id}.imap: host, user and pass are required (here or under imap)`);
  }
  if (problems.length) throw new ConfigError(label, problems);

  const { imap: imapDefaults, smtp: smtpDefault, mailboxes, ...rest } = cfg;
  return deepFreeze({
    ...rest,
    data: resolve(baseDir, cfg.data),
    storeDir: resolve(baseDir, cfg.storeDir),
    mailDir: resolve(baseDir, cfg.mailDir),
    baseDir,
    imapFor(id: string): ImapSettings | undefined {
      const own = mailboxes[id]?.imap;
      if (!own) return undefined;
      const m = { ...imapDefaults, ...own, folders: { ...DEFAULT_FOLDERS, ...imapDefaults?.folders, ...own.folders } };
      return {
        host: m.host!,
        port: m.port ?? (m.secure ? 993 : 143),
        secure: m.secure ?? false,
        user: m.user!,
        pass: m.pass ?? '',
        folder: m.folder ?? 'INBOX',
        folders: m.folders,
        idleRestartMs: m.idleRestartMs ?? 5 * 60_000,
        resyncMs: m.resyncMs ?? 2 * 60_000,
      };
    },
    smtpFor(id: string): SmtpSettings | undefined {
      return mailboxes[id]?.smtp ?? smtpDefault;
    },
  });
}
