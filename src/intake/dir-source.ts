/**
 * The directory mailbox of the embedded defaults: every `*.eml` file put in
 * `<mailDir>/<mailbox-id>/` is intake. Like IMAP, a file is captured before anything
 * happens to it, and moved into a subfolder per disposition only after its outcome is
 * committed. Writers should create the file under another name and rename it to `.eml`.
 */
import { accessSync, constants, watch, type FSWatcher } from 'node:fs';
import { mkdir, readFile, readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Disposition } from '../config/mailbox.ts';
import type { Logger } from '../log.ts';
import type { MailboxStatus } from '../ops/health.ts';
import { sha256 } from './raw-headers.ts';
import type { IntakeSink } from './sink.ts';
import { SerialTask } from './serial.ts';

export const DIR_FOLDERS: Record<Disposition, string> = {
  docketed: 'docketed',
  accepted: 'accepted',
  rejected: 'rejected',
  exception: 'exceptions',
  ignored: 'ignored',
};

/** A file younger than this may still be being written. */
const SETTLE_MS = 300;

export class DirectorySource {
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private readonly syncs = new SerialTask(
    () =>
      this.sync().then(
        () => void (this.lastSyncAt = new Date()),
        (err) => {
          this.lastError = { message: `${(err as NodeJS.ErrnoException).code ?? ''} ${(err as Error).message ?? String(err)}`.trim(), at: new Date() };
          this.opts.logger.warn({ err }, 'directory sync failed; retrying at the next scan');
        },
      ),
    () => this.stopped,
  );
  private stopped = false;
  private lastError?: { message: string; at: Date };
  private lastSyncAt?: Date;

  constructor(private readonly opts: { mailboxId: string; dir: string; sink: IntakeSink; logger: Logger; scanMs?: number }) {}

  async start(): Promise<void> {
    await mkdir(this.opts.dir, { recursive: true });
    try {
      this.watcher = watch(this.opts.dir, () => this.requestSync());
      this.watcher.on('error', (err) => this.opts.logger.warn({ err }, 'directory watch failed; scanning only'));
    } catch (err) {
      this.opts.logger.warn({ err }, 'directory watch unavailable; scanning only');
    }
    this.timer = setInterval(() => this.requestSync(), this.opts.scanMs ?? 1000);
    await this.requestSync();
  }

  /** Runs a sync now, or once more after the running one. */
  requestSync(): Promise<void> {
    return this.syncs.request();
  }

  /** A folder has no connection: it is "connected" while it can be read. */
  status(): MailboxStatus {
    let readable = true;
    let accessError: string | undefined;
    try {
      accessSync(this.opts.dir, constants.R_OK | constants.X_OK);
    } catch (err) {
      readable = false;
      accessError = `${(err as NodeJS.ErrnoException).code ?? 'EACCES'}: cannot read ${this.opts.dir}`;
    }
    const lastError = accessError ?? this.lastError?.message;
    return {
      kind: 'directory',
      connected: readable,
      ...(lastError ? { lastError } : {}),
      ...(!accessError && this.lastError ? { lastErrorAt: this.lastError.at.toISOString() } : {}),
      ...(this.lastSyncAt ? { lastSyncAt: this.lastSyncAt.toISOString() } : {}),
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.watcher?.close();
    clearInterval(this.timer);
    await this.syncs.current;
  }

  private async sync(): Promise<void> {
    const { dir, sink, mailboxId } = this.opts;
    const names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile() && d.name.toLowerCase().endsWith('.eml')).map((d) => d.name);
    const files: { name: string; raw: Buffer; ref: string; mtime: Date }[] = [];
    for (const name of names) {
      const path = join(dir, name);
      const st = await stat(path).catch(() => null);
      if (!st || Date.now() - st.mtimeMs < SETTLE_MS) {
        this.syncs.repeat();
        continue;
      }
      const raw = await readFile(path).catch(() => null);
      if (!raw) continue;
      files.push({ name, raw, ref: `file:${name}:${sha256(raw).slice(0, 16)}`, mtime: st.mtime });
    }
    const known = await sink.knownRefs(mailboxId, files.map((f) => f.ref));
    for (const f of files) {
      if (known.has(f.ref)) continue;
      // Arrival: the Received:/Date: headers (read in capture), else when the file appeared.
      await sink.capture({ mailboxId, sourceRef: f.ref, folder: dir, uidValidity: 'dir', uid: 0, raw: f.raw, fallbackArrival: f.mtime });
    }
    for (const move of await sink.pendingMoves(mailboxId)) {
      const name = move.sourceRef.split(':')[1]!;
      const targetDir = join(dir, DIR_FOLDERS[move.disposition]);
      await mkdir(targetDir, { recursive: true });
      try {
        await rename(join(dir, name), join(targetDir, name));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      await sink.markMoved(mailboxId, move.sourceRef, DIR_FOLDERS[move.disposition]);
    }
  }
}
