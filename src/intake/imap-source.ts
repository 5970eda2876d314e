/**
 * Watches one mailbox folder over IMAP (imapflow). Every connection captures by UID
 * SEARCH, so nothing depends on notifications: IDLE/EXISTS only makes intake prompt, the
 * periodic re-sync catches what a silently dead IDLE missed (PITFALLS: imapflow #14, #98).
 *
 * Per sync: list every UID in the folder, capture (store durably, I-1) the ones the sink
 * does not know yet, then move the messages whose outcome is committed to their
 * disposition folder. Mail is moved only after its outcome is committed, never deleted.
 *
 * imapflow does not reconnect: one ImapFlow instance is one connection, and on `close` a
 * new one is built after an exponential back-off with jitter.
 */
import { EventEmitter } from 'node:events';
import { ImapFlow, type FetchMessageObject, type ImapFlowError } from 'imapflow';
import type { Disposition, ImapSettings } from '../config/mailbox.ts';
import type { Logger } from '../log.ts';
import type { MailboxStatus } from '../ops/health.ts';
import { imapSourceRef, type IntakeSink, type PendingMove } from './sink.ts';
import { SerialTask } from './serial.ts';

/** At most this many messages per FETCH of message bodies. */
const FETCH_BATCH = 50;
/** ...and about this many bytes (a single larger message is fetched alone). */
const FETCH_BATCH_BYTES = 64 * 1024 * 1024;
const BACKOFF_START_MS = 500;
const BACKOFF_CAP_MS = 30_000;
/** EXISTS often comes in bursts (several appends): one sync for the burst. */
const EXISTS_DEBOUNCE_MS = 100;
/**
 * Auto-IDLE starts after this much quiet. The server can only report new mail while the
 * client idles (or runs a command), so this bounds the notification delay; imapflow's
 * default of 15 s is too slow for intake.
 */
const AUTO_IDLE_DELAY_MS = 1000;
const CONNECT_TIMEOUT_MS = 30_000;
/** `stop()` lets a running sync finish (a capture half-stored is retried anyway). */
const STOP_SYNC_WAIT_MS = 10_000;
const LOGOUT_TIMEOUT_MS = 5_000;

/** Targets recorded for moves that can no longer be done, so they are not retried forever. */
export const STALE_UIDVALIDITY = 'stale-uidvalidity';
export const STALE_FOLDER = 'stale-folder';

export interface ImapSourceOptions {
  mailboxId: string;
  settings: ImapSettings;
  sink: IntakeSink;
  logger: Logger;
}

export interface SyncResult {
  uidValidity: string;
  /** UIDs in the watched folder. */
  total: number;
  captured: number;
  moved: number;
  /** Captures and moves that failed this time (retried at the next sync). */
  failed: number;
}

export interface ImapSourceEvents {
  connected: [];
  disconnected: [];
  synced: [SyncResult];
}

export class ImapSource extends EventEmitter<ImapSourceEvents> {
  /** True while a connection is open, the folder selected and ready. */
  connected = false;
  /** The last failure seen (connection, protocol or sync), kept after recovery for `/healthz`. */
  private lastError?: { message: string; at: Date };
  private lastSyncAt?: Date;

  private readonly log: Logger;
  private client?: ImapFlow;
  /** Clients whose close was handled (the close event and a failed connect both report). */
  private readonly closed = new WeakSet<ImapFlow>();
  private started = false;
  private stopped = false;
  private stopping?: Promise<void>;
  private attempt = 0;
  private connecting?: Promise<void>;
  private readonly syncs = new SerialTask(() => this.syncOnce(), () => this.stopped);
  private reconnectTimer?: NodeJS.Timeout;
  private debounceTimer?: NodeJS.Timeout;
  private resyncTimer?: NodeJS.Timeout;

  constructor(private readonly opts: ImapSourceOptions) {
    super();
    this.log = opts.logger.child({ source: 'imap', folder: opts.settings.folder });
  }

  /**
   * Connects and runs the first sync. Resolves once that first attempt is over, whether it
   * succeeded or not: a server that is down at start is retried in the background.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.resyncTimer = setInterval(() => void this.requestSync(), this.opts.settings.resyncMs);
    await this.connect();
  }

  /** Runs a sync now, or once more after the one running. Never rejects. */
  requestSync(): Promise<void> {
    return this.syncs.request();
  }

  /** Connection state for `/healthz` and `/metrics`. */
  status(): MailboxStatus {
    return {
      kind: 'imap',
      connected: this.connected,
      ...(this.lastError ? { lastError: this.lastError.message, lastErrorAt: this.lastError.at.toISOString() } : {}),
      ...(this.lastSyncAt ? { lastSyncAt: this.lastSyncAt.toISOString() } : {}),
    };
  }

  private noteError(err: unknown): void {
    const e = err as ImapFlowError | undefined;
    // Protocol context first (imapflow's code, the server's response), then the message.
    const message = [e?.code, e?.responseText ?? (e as Error | undefined)?.message ?? String(err)].filter(Boolean).join(': ');
    this.lastError = { message, at: new Date() };
  }

  /** Lets a running sync finish (bounded), logs out and closes. No timers remain. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopped = true;
      clearInterval(this.resyncTimer);
      clearTimeout(this.reconnectTimer);
      clearTimeout(this.debounceTimer);
      if (this.syncs.current) await withTimeout(this.syncs.current, STOP_SYNC_WAIT_MS);
      const client = this.client;
      this.client = undefined;
      if (client) {
        this.closed.add(client);
        if (client.usable) await withTimeout(client.logout().catch(() => undefined), LOGOUT_TIMEOUT_MS);
        client.close();
      }
      // A connection attempt still under way fails now that its client is closed.
      if (this.connecting) await withTimeout(this.connecting, LOGOUT_TIMEOUT_MS);
      if (this.syncs.current) await withTimeout(this.syncs.current, LOGOUT_TIMEOUT_MS);
      this.setDisconnected();
      this.log.info('IMAP source stopped');
    })();
    return this.stopping;
  }

  private connect(): Promise<void> {
    const attempt: Promise<void> = this.connectOnce().finally(() => {
      if (this.connecting === attempt) this.connecting = undefined;
    });
    this.connecting = attempt;
    return attempt;
  }

  private async connectOnce(): Promise<void> {
    if (this.stopped) return;
    const { settings } = this.opts;
    const client = new ImapFlow({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      auth: { user: settings.user, pass: settings.pass },
      logger: this.imapflowLogger(),
      autoIdleDelay: AUTO_IDLE_DELAY_MS,
      maxIdleTime: settings.idleRestartMs,
      missingIdleCommand: 'NOOP',
      connectionTimeout: CONNECT_TIMEOUT_MS,
    });
    this.client = client;
    // An 'error' without a listener would kill the process; the close that follows reconnects.
    client.on('error', (err: ImapFlowError) => {
      this.noteError(err);
      this.log.warn({ err, code: err.code }, 'IMAP connection error');
    });
    client.on('close', () => this.onClose(client));
    // EXISTS is only reported for the selected folder, which is the watched one except
    // briefly during a move pass elsewhere (an extra sync then does no harm).
    client.on('exists', () => {
      if (client === this.client) this.scheduleSync();
    });

    try {
      await client.connect();
      await this.openWatchedFolder(client);
      await this.ensureFolders(client);
    } catch (err) {
      this.noteError(err);
      this.log.warn({ err, code: (err as ImapFlowError).code, attempt: this.attempt + 1 }, 'IMAP connection attempt failed');
      client.close();
      this.onClose(client);
      return;
    }
    if (this.stopped || client !== this.client) return;
    this.connected = true;
    this.log.info({ uidValidity: client.mailbox ? String(client.mailbox.uidValidity) : undefined }, 'IMAP connected');
    this.emit('connected');
    await this.requestSync();
  }

  private async openWatchedFolder(client: ImapFlow): Promise<void> {
    const { folder } = this.opts.settings;
    try {
      await client.mailboxOpen(folder);
    } catch (err) {
      if (!(err as ImapFlowError).mailboxMissing) throw err;
      this.log.warn('watched folder missing; creating it');
      await client.mailboxCreate(folder);
      await client.mailboxOpen(folder);
    }
  }

  /** Disposition folders are created up front; a failure here only delays moves. */
  private async ensureFolders(client: ImapFlow): Promise<void> {
    const existing = new Set((await client.list()).map((m) => m.path));
    for (const target of new Set(Object.values(this.opts.settings.folders))) {
      if (existing.has(target)) continue;
      try {
        await client.mailboxCreate(target);
        this.log.info({ target }, 'disposition folder created');
      } catch (err) {
        this.log.error({ err, target }, 'cannot create disposition folder; moves there will be retried');
      }
    }
  }

  private onClose(client: ImapFlow): void {
    if (this.closed.has(client)) return;
    this.closed.add(client);
    if (client !== this.client) return;
    this.client = undefined;
    // A close without an error first (the server's BYE, a dropped socket) is still a failure to report.
    if (this.connected && !this.stopped) this.noteError(new Error('connection closed'));
    this.setDisconnected();
    if (this.stopped) return;
    const base = Math.min(BACKOFF_CAP_MS, BACKOFF_START_MS * 2 ** this.attempt);
    // "Equal jitter": half fixed, half random, so many sources do not reconnect in lockstep.
    const delay = Math.round(base / 2 + (Math.random() * base) / 2);
    this.attempt++;
    this.log.info({ delayMs: delay, attempt: this.attempt }, 'IMAP connection closed; reconnecting');
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, delay);
  }

  private setDisconnected(): void {
    if (!this.connected) return;
    this.connected = false;
    this.emit('disconnected');
  }

  private scheduleSync(): void {
    if (this.stopped) return;
    clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = undefined;
      void this.requestSync();
    }, EXISTS_DEBOUNCE_MS);
  }

  /** One sync on the current connection. Failures are logged; the next sync retries. */
  private async syncOnce(): Promise<void> {
    const client = this.client;
    if (!client || !this.connected || !client.usable) return;
    const { folder } = this.opts.settings;
    const result: SyncResult = { uidValidity: '', total: 0, captured: 0, moved: 0, failed: 0 };
    try {
      const uids = await this.withFolder(client, folder, async () => {
        const found = await client.search({ all: true }, { uid: true });
        if (!Array.isArray(found)) throw new Error(`UID SEARCH in ${folder} failed`);
        return found;
      });
      const uidValidity = this.currentUidValidity(client);
      result.uidValidity = uidValidity;
      result.total = uids.length;
      await this.captureNew(client, uidValidity, uids, result);
      await this.movePass(client, uidValidity, result);
    } catch (err) {
      result.failed++;
      this.noteError(err);
      this.log.warn({ err, code: (err as ImapFlowError).code }, 'IMAP sync failed; retrying at the next sync');
      return;
    }
    this.lastSyncAt = new Date();
    // The connection works: the next drop starts the back-off afresh.
    this.attempt = 0;
    if (result.captured || result.moved || result.failed) this.log.info(result, 'IMAP sync');
    this.emit('synced', result);
  }

  private async captureNew(client: ImapFlow, uidValidity: string, uids: number[], result: SyncResult): Promise<void> {
    const { sink, mailboxId, settings } = this.opts;
    const folder = settings.folder;
    if (!uids.length) return;
    const known = await sink.knownRefs(mailboxId, uids.map((uid) => imapSourceRef(folder, uidValidity, uid)));
    const unknown = uids.filter((uid) => !known.has(imapSourceRef(folder, uidValidity, uid))).sort((a, b) => a - b);
    for (let i = 0; i < unknown.length && !this.stopped; i += FETCH_BATCH) {
      for (const batch of await this.sizeBatches(client, folder, unknown.slice(i, i + FETCH_BATCH))) {
        if (this.stopped) return;
        // Collected in full before anything else runs: a command issued while a FETCH is
        // still streaming deadlocks imapflow.
        const messages = await this.withFolder(client, folder, () =>
          client.fetchAll(batch, { uid: true, source: true, internalDate: true }, { uid: true }),
        );
        this.assertSameUidValidity(client, uidValidity);
        for (const msg of messages) {
          if (!msg.source) continue; // expunged meanwhile
          const sourceRef = imapSourceRef(folder, uidValidity, msg.uid);
          try {
            await sink.capture({ mailboxId, sourceRef, folder, uidValidity, uid: msg.uid, raw: msg.source, arrival: arrivalOf(msg) });
            result.captured++;
          } catch (err) {
            result.failed++;
            this.log.error({ err, uid: msg.uid, sourceRef }, 'capture failed; retrying at the next sync');
          }
        }
      }
    }
  }

  /** Splits UIDs into FETCH batches of bounded total size, so memory stays bounded. */
  private async sizeBatches(client: ImapFlow, folder: string, uids: number[]): Promise<number[][]> {
    const sized = await this.withFolder(client, folder, () => client.fetchAll(uids, { uid: true, size: true }, { uid: true }));
    const batches: number[][] = [];
    let current: number[] = [];
    let bytes = 0;
    for (const m of sized.sort((a, b) => a.uid - b.uid)) {
      const size = m.size ?? 0;
      if (current.length && bytes + size > FETCH_BATCH_BYTES) {
        batches.push(current);
        current = [];
        bytes = 0;
      }
      current.push(m.uid);
      bytes += size;
    }
    if (current.length) batches.push(current);
    return batches;
  }

  /**
   * Moves mail whose outcome is committed. A move that fails stays pending and is retried;
   * one whose UIDVALIDITY or folder is gone can never be done and is recorded as such.
   */
  private async movePass(client: ImapFlow, uidValidity: string, result: SyncResult): Promise<void> {
    const { sink, mailboxId, settings } = this.opts;
    const pending = await sink.pendingMoves(mailboxId);
    if (!pending.length) return;
    const byFolder = new Map<string, PendingMove[]>();
    for (const p of pending) byFolder.set(p.folder, [...(byFolder.get(p.folder) ?? []), p]);
    // The watched folder first; any other (an earlier configuration) after it.
    const folders = [...byFolder.keys()].sort((a, b) => Number(b === settings.folder) - Number(a === settings.folder));
    for (const folder of folders) {
      if (this.stopped) return;
      const moves = byFolder.get(folder)!;
      let current = uidValidity;
      if (folder !== settings.folder) {
        try {
          current = await this.withFolder(client, folder, async () => this.currentUidValidity(client));
        } catch (err) {
          if (!(err as ImapFlowError).mailboxMissing) throw err;
          for (const p of moves) await this.markStale(p, STALE_FOLDER, result);
          continue;
        }
      }
      for (const p of moves) {
        if (this.stopped) return;
        if (p.uidValidity !== current) {
          await this.markStale(p, STALE_UIDVALIDITY, result, current);
          continue;
        }
        await this.moveOne(client, p, result);
      }
    }
    // IDLE watches the selected folder: select the watched one again.
    if (folders.some((f) => f !== settings.folder)) await this.withFolder(client, settings.folder, async () => undefined);
  }

  private async moveOne(client: ImapFlow, p: PendingMove, result: SyncResult): Promise<void> {
    const { sink, mailboxId, settings } = this.opts;
    const target = settings.folders[p.disposition as Disposition];
    if (!target) {
      result.failed++;
      this.log.error({ sourceRef: p.sourceRef, disposition: p.disposition }, 'no folder configured for this disposition');
      return;
    }
    const res = await this.withFolder(client, p.folder, () => client.messageMove(String(p.uid), target, { uid: true }));
    if (!res) {
      result.failed++;
      this.log.warn({ sourceRef: p.sourceRef, target }, 'move failed; retrying at the next sync');
      return;
    }
    if (res.uidMap && !res.uidMap.has(p.uid)) {
      // Someone moved or expunged it already; nothing left to move.
      this.log.info({ sourceRef: p.sourceRef, target }, 'message no longer in its folder');
    }
    try {
      await sink.markMoved(mailboxId, p.sourceRef, target);
      result.moved++;
    } catch (err) {
      // The next sync moves nothing (the UID is gone) and records it then.
      result.failed++;
      this.log.error({ err, sourceRef: p.sourceRef, target }, 'recording the move failed');
    }
  }

  private async markStale(p: PendingMove, target: string, result: SyncResult, uidValidity?: string): Promise<void> {
    // The UID no longer names this message (the mailbox was recreated), or its folder is
    // gone: it cannot be found reliably, so it stays where it is, for a person to see.
    this.log.warn({ sourceRef: p.sourceRef, uidValidity, disposition: p.disposition, target }, 'message cannot be moved; recorded as not movable');
    try {
      await this.opts.sink.markMoved(this.opts.mailboxId, p.sourceRef, target);
    } catch (err) {
      result.failed++;
      this.log.error({ err, sourceRef: p.sourceRef }, 'recording a stale move failed');
    }
  }

  /** Runs IMAP commands with `folder` selected, holding imapflow's mailbox lock. */
  private async withFolder<T>(client: ImapFlow, folder: string, fn: () => Promise<T>): Promise<T> {
    if (client !== this.client) throw new Error('connection replaced');
    const lock = await client.getMailboxLock(folder);
    try {
      return await fn();
    } finally {
      lock.release();
    }
  }

  private currentUidValidity(client: ImapFlow): string {
    if (!client.mailbox) throw new Error('no mailbox selected');
    const value = String(client.mailbox.uidValidity);
    // RFC 9051 forbids 0; Dovecot reports it for a mailbox whose index is not yet set up.
    // A ref built on it would never match again, so this sync is skipped instead.
    if (value === '0') throw new Error('server reported UIDVALIDITY 0');
    return value;
  }

  private assertSameUidValidity(client: ImapFlow, uidValidity: string): void {
    if (this.currentUidValidity(client) !== uidValidity) throw new Error('UIDVALIDITY changed during sync');
  }

  /** imapflow's own log: our logger, warnings and worse only, never louder than ours. */
  private imapflowLogger(): Logger {
    const parent = this.opts.logger;
    return parent.child({ component: 'imapflow' }, { level: parent.levelVal > 40 ? parent.level : 'warn' });
  }
}

function arrivalOf(msg: FetchMessageObject): Date {
  const d = msg.internalDate instanceof Date ? msg.internalDate : msg.internalDate ? new Date(msg.internalDate) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : new Date();
}

/** Waits for `p` at most `ms`; the timer never outlives the wait. */
async function withTimeout(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.then(() => undefined, () => undefined), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}
