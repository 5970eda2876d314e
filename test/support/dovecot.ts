/**
 * A real Dovecot (Debian `dovecot-imapd` 2.3) for tests: one private instance per call,
 * in its own temp directory and on its own port, so test files can run in parallel.
 * Needs root (Dovecot's master drops privileges itself).
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

const DOVECOT_BIN = '/usr/sbin/dovecot';
const START_TIMEOUT_MS = 20_000;
/** Dovecot may take ~10 s to stop while clients are connected; after this it is killed. */
const STOP_GRACE_MS = 15_000;

export interface Dovecot {
  host: string;
  port: number;
  /** The temp directory holding config, logs and mail. */
  dir: string;
  users: Record<string, string>;
  readonly running: boolean;
  stop(): Promise<void>;
  /** Stop and start again on the same port with the same mail. */
  restart(): Promise<void>;
  /**
   * Makes Dovecot assign a new UIDVALIDITY to a folder (INBOX by default), as when a
   * mailbox is recreated: stops the server if it runs, deletes the folder's
   * `dovecot-uidlist` and indexes, starts it again (if it ran) and checks the value
   * changed. Returns the old and new values (`after` is undefined when the server was
   * stopped, as the value is only assigned at the next access).
   */
  resetUidValidity(user: string, folder?: string): Promise<{ before?: string; after?: string }>;
  append(user: string, folder: string, raw: Buffer | string, flags?: string[]): Promise<{ uid?: number }>;
  list(user: string, folder: string): Promise<{ uid: number; messageId?: string }[]>;
  folders(user: string): Promise<string[]>;
  /** UIDVALIDITY of a folder as text. */
  uidValidity(user: string, folder?: string): Promise<string>;
  /** A connected ImapFlow client (caller logs out). */
  connect(user: string): Promise<ImapFlow>;
  /** The Dovecot log (useful in assertion messages). */
  log(): string;
  cleanup(): Promise<void>;
}

/** Masters still running when the test process exits are killed, so none leak. */
const liveMasters = new Set<number>();
let exitHookInstalled = false;
function trackMaster(pid: number): void {
  liveMasters.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const p of liveMasters) for (const q of [...childrenOf(p), p]) signal(q, 'SIGKILL');
  });
}

export async function startDovecot(opts: { users?: Record<string, string> } = {}): Promise<Dovecot> {
  const users = opts.users ?? { intake: 'intake-pass' };
  const dir = await mkdtemp(join(tmpdir(), 'dovecot-'));
  // Dovecot's unprivileged processes (nobody, dovenull) must traverse the directory.
  await chmod(dir, 0o755);
  const mailDir = join(dir, 'mail');
  await mkdir(mailDir);
  const { uid: nobodyUid, gid: nogroupGid } = nobodyIds();
  await chown(mailDir, nobodyUid, nogroupGid);
  await writeFile(join(dir, 'users'), Object.entries(users).map(([u, p]) => `${u}:{PLAIN}${p}\n`).join(''));
  const confPath = join(dir, 'dovecot.conf');
  const logPath = join(dir, 'dovecot.log');
  const baseDir = join(dir, 'run');
  const host = '127.0.0.1';

  let port = 0;
  let masterPid: number | undefined;

  const writeConf = () =>
    writeFile(
      confPath,
      [
        `base_dir = ${baseDir}`,
        `state_dir = ${join(dir, 'state')}`,
        `log_path = ${logPath}`,
        'protocols = imap',
        `listen = ${host}`,
        'ssl = no',
        'disable_plaintext_auth = no',
        'auth_mechanisms = plain login',
        'default_login_user = dovenull',
        'default_internal_user = dovecot',
        `mail_location = maildir:${mailDir}/%u`,
        'namespace inbox {',
        '  inbox = yes',
        '  separator = /',
        '}',
        'passdb {',
        '  driver = passwd-file',
        `  args = scheme=PLAIN username_format=%u ${join(dir, 'users')}`,
        '}',
        'userdb {',
        '  driver = static',
        `  args = uid=nobody gid=nogroup home=${mailDir}/%u`,
        '}',
        'service imap-login {',
        '  inet_listener imap {',
        `    address = ${host}`,
        `    port = ${port}`,
        '  }',
        '  inet_listener imaps {',
        '    port = 0',
        '  }',
        '}',
        '',
      ].join('\n'),
    );

  const start = async (): Promise<void> => {
    await writeConf();
    await rm(join(baseDir, 'master.pid'), { force: true });
    const code = await new Promise<number | null>((resolve, reject) => {
      // stdio must not be a pipe: the daemonised master would hold it open forever.
      const child = spawn(DOVECOT_BIN, ['-c', confPath], { stdio: 'ignore' });
      child.once('error', reject);
      child.once('exit', (c) => resolve(c));
    });
    if (code !== 0) throw new Error(`dovecot exited with ${code}:\n${readLog(logPath)}`);
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (masterPid === undefined) {
      const text = await readFile(join(baseDir, 'master.pid'), 'utf8').catch(() => '');
      const pid = Number.parseInt(text.trim(), 10);
      if (pid > 0) masterPid = pid;
      else if (Date.now() > deadline) throw new Error(`dovecot wrote no master.pid:\n${readLog(logPath)}`);
      else await sleep(50);
    }
    trackMaster(masterPid);
    while (!(await imapGreeting(host, port))) {
      if (!processAlive(masterPid) || Date.now() > deadline) {
        await stop();
        throw new Error(`dovecot did not answer on ${host}:${port}:\n${readLog(logPath)}`);
      }
      await sleep(100);
    }
  };

  const stop = async (): Promise<void> => {
    const pid = masterPid;
    if (pid === undefined) return;
    // The master exits within a second, but a running imap process serves its client
    // ~10 s longer. A stopped server must drop its clients, so those are signalled too.
    const children = childrenOf(pid);
    signal(pid, 'SIGTERM');
    const deadline = Date.now() + STOP_GRACE_MS;
    let termed = false;
    let killed = false;
    while (processAlive(pid) || children.some(processAlive) || (await portOpen(host, port))) {
      if (!termed && !processAlive(pid)) {
        termed = true;
        for (const c of children) signal(c, 'SIGTERM');
      }
      if (!killed && Date.now() > deadline) {
        killed = true;
        for (const p of [pid, ...children]) signal(p, 'SIGKILL');
      }
      await sleep(50);
    }
    liveMasters.delete(pid);
    masterPid = undefined;
  };

  const connect = async (user: string): Promise<ImapFlow> => {
    const pass = users[user];
    if (pass === undefined) throw new Error(`unknown test user ${user}`);
    const client = new ImapFlow({ host, port, secure: false, auth: { user, pass }, logger: false, disableAutoIdle: true, doSTARTTLS: false });
    client.on('error', () => {
      /* surfaced through the rejected command */
    });
    await client.connect();
    return client;
  };

  const withClient = async <T>(user: string, fn: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = await connect(user);
    try {
      return await fn(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };

  const folderDir = (user: string, folder: string) =>
    folder.toUpperCase() === 'INBOX' ? join(mailDir, user) : join(mailDir, user, '.' + folder.split('/').join('.'));

  // EXAMINE, not STATUS: right after a reset, a STATUS racing another session's SELECT
  // was seen to report UIDVALIDITY 0 (the index not yet initialised); EXAMINE syncs first.
  const uidValidity = (user: string, folder = 'INBOX') =>
    withClient(user, async (c) => {
      const box = await c.mailboxOpen(folder, { readOnly: true });
      const value = String(box.uidValidity);
      if (value === '0') throw new Error(`no UIDVALIDITY for ${folder}`);
      return value;
    });

  // The first start may lose the free port to another process between probe and bind.
  for (let attempt = 1; ; attempt++) {
    port = await freePort(host);
    try {
      await start();
      break;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }

  const instance: Dovecot = {
    host,
    get port() {
      return port;
    },
    dir,
    users,
    get running() {
      return masterPid !== undefined;
    },
    stop,
    async restart() {
      await stop();
      await start();
    },
    async resetUidValidity(user, folder = 'INBOX') {
      const wasRunning = masterPid !== undefined;
      const before = wasRunning ? await uidValidity(user, folder) : readUidlistValidity(folderDir(user, folder));
      if (wasRunning) await stop();
      const fdir = folderDir(user, folder);
      const root = join(mailDir, user);
      for (const d of new Set([fdir, root])) {
        for (const name of await readdir(d).catch(() => [] as string[])) {
          // dovecot-uidlist holds UIDVALIDITY and the UIDs; the indexes (and the mailbox
          // list index at the root) cache them. Without all of them Dovecot starts afresh.
          const isFolderState = d === fdir && (name === 'dovecot-uidlist' || name.startsWith('dovecot.index'));
          const isListIndex = d === root && name.startsWith('dovecot.list.index');
          if (isFolderState || isListIndex) await rm(join(d, name), { force: true });
        }
      }
      if (!wasRunning) return { before };
      // UIDVALIDITY is derived from the clock: make sure a new second has begun.
      await sleep(1100);
      await start();
      const after = await uidValidity(user, folder);
      if (before !== undefined && after === before) throw new Error(`UIDVALIDITY of ${user}/${folder} did not change (${after})`);
      return { before, after };
    },
    append(user, folder, raw, flags) {
      return withClient(user, async (c) => {
        await ensureFolder(c, folder);
        const res = await c.append(folder, typeof raw === 'string' ? Buffer.from(raw) : raw, flags);
        if (!res) throw new Error(`APPEND to ${folder} failed`);
        return { uid: res.uid };
      });
    },
    list(user, folder) {
      return withClient(user, async (c) => {
        const all = await c.list();
        if (!all.some((m) => m.path === folder)) return [];
        const box = await c.mailboxOpen(folder, { readOnly: true });
        if (!box.exists) return [];
        const msgs = await c.fetchAll('1:*', { uid: true, envelope: true }, { uid: true });
        return msgs.map((m) => ({ uid: m.uid, messageId: m.envelope?.messageId })).sort((a, b) => a.uid - b.uid);
      });
    },
    folders(user) {
      return withClient(user, async (c) => (await c.list()).map((m) => m.path).sort());
    },
    uidValidity,
    connect,
    log: () => readLog(logPath),
    async cleanup() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return instance;
}

async function ensureFolder(client: ImapFlow, folder: string): Promise<void> {
  if (folder.toUpperCase() === 'INBOX') return;
  const all = await client.list();
  if (!all.some((m) => m.path === folder)) await client.mailboxCreate(folder);
}

function readUidlistValidity(folderPath: string): string | undefined {
  // First line of dovecot-uidlist: "3 V<uidvalidity> N<nextuid> G<guid>".
  try {
    const first = readFileSync(join(folderPath, 'dovecot-uidlist'), 'utf8').split('\n')[0] ?? '';
    return /\bV(\d+)/.exec(first)?.[1];
  } catch {
    return undefined;
  }
}

function nobodyIds(): { uid: number; gid: number } {
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('nobody:'));
  const group = readFileSync('/etc/group', 'utf8').split('\n').find((l) => l.startsWith('nogroup:'));
  return { uid: Number(passwd?.split(':')[2] ?? 65534), gid: Number(group?.split(':')[2] ?? 65534) };
}

function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Alive and not a zombie (a daemonised master is reparented to an init that may not reap it). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Direct children of a process (Dovecot's services are all children of its master). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid) out.push(Number(name));
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const p = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(p));
    });
  });
}

function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (v: boolean) => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(1000, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/** True once the port answers with an IMAP greeting. */
function imapGreeting(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    let buf = '';
    const done = (v: boolean) => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(2000, () => done(false));
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      if (buf.includes('\n')) done(buf.startsWith('* OK'));
    });
    sock.once('error', () => done(false));
    sock.once('close', () => done(false));
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
