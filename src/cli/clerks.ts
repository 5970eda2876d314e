/**
 * `court-intake clerks add NAME` / `clerks list`: accounts for the clerks' web page. The
 * password is read from standard input — asked for (twice, not echoed) on a terminal, or
 * read whole with --password-stdin — never from the command line, where `ps` shows it.
 */
import { loadRuntimeConfig } from '../config/runtime.ts';
import { openStore } from '../models/db.ts';
import { audit } from '../web/audit.ts';
import { addClerk, checkNewPassword, listClerks } from '../web/clerks.ts';
import { EXIT_OK, UsageError } from './exit.ts';

async function withDb<T>(configFile: string | undefined, fn: (db: Awaited<ReturnType<typeof openStore>>['db']) => Promise<T>): Promise<T> {
  const config = loadRuntimeConfig(configFile);
  const store = await openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.storeDir });
  try {
    await store.migrate();
    return await fn(store.db);
  } finally {
    await store.close();
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads one line from the terminal without echoing it. */
function askHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    process.stderr.write(prompt);
    let value = '';
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (err?: Error) => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UsageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export async function clerksAddCommand(name: string, opts: { config?: string; passwordStdin?: boolean; replace?: boolean }): Promise<number> {
  let password: string;
  if (opts.passwordStdin) {
    // One trailing newline belongs to `echo`, not to the password.
    password = (await readAll(process.stdin)).replace(/\r?\n$/, '');
  } else if (process.stdin.isTTY) {
    password = await askHidden(`Password for ${name}: `);
    checkNewPassword(password);
    const again = await askHidden('Again: ');
    if (again !== password) throw new UsageError('the two passwords differ; nothing changed');
  } else {
    throw new UsageError('clerks add: standard input is not a terminal; pass --password-stdin to read the password from it');
  }
  await withDb(opts.config, async (db) => {
    const now = new Date();
    const r = await addClerk(db, { name, password, now, replace: opts.replace });
    await audit(db, { clerk: `cli:${process.env.USER ?? 'unknown'}`, action: r.created ? 'clerk-add' : 'clerk-password', target: `clerk:${name}`, at: now });
    process.stdout.write(r.created ? `clerk ${name} added\n` : `clerk ${name}: password changed; their sessions ended\n`);
  });
  return EXIT_OK;
}

export async function clerksListCommand(opts: { config?: string; json?: boolean }): Promise<number> {
  const rows = await withDb(opts.config, (db) => listClerks(db));
  for (const c of rows) process.stdout.write(opts.json ? JSON.stringify(c) + '\n' : `${c.name}${c.disabled ? '  (disabled)' : ''}  added ${c.createdAt.toISOString()}  password set ${c.passwordChangedAt.toISOString()}\n`);
  if (!rows.length && !opts.json) process.stdout.write('no clerks (add one with `court-intake clerks add NAME`)\n');
  return EXIT_OK;
}
