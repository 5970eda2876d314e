/**
 * The IMAP source against a real Dovecot: capture by IDLE, moves after the outcome,
 * reconnects, UIDVALIDITY changes, clean stop. And the SMTP capture used by other tests.
 */
import { createTransport } from 'nodemailer';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Disposition, ImapSettings } from '../../src/config/mailbox.ts';
import { silentLogger } from '../../src/log.ts';
import { ImapSource, STALE_UIDVALIDITY } from '../../src/intake/imap-source.ts';
import type { CaptureInput, IntakeSink, PendingMove } from '../../src/intake/sink.ts';
import { startDovecot, type Dovecot } from '../support/dovecot.ts';
import { startSmtpCapture } from '../support/smtp.ts';

/** IMAP_TEST_LOG=debug shows the source's log on stderr. */
const logger = process.env.IMAP_TEST_LOG ? pino({ level: process.env.IMAP_TEST_LOG }, pino.destination(2)) : silentLogger;

const USER = 'clerk';
const PASS = 'clerk-pass';
const FOLDERS: Record<Disposition, string> = {
  docketed: 'Intake/Docketed',
  accepted: 'Intake/Accepted',
  rejected: 'Intake/Rejected',
  exception: 'Intake/Exceptions',
  ignored: 'Intake/Ignored',
};

/** The store, in memory: captured refs, and the outcomes a test "commits". */
class MemorySink implements IntakeSink {
  readonly captured = new Map<string, CaptureInput>();
  readonly decided = new Map<string, Disposition>();
  readonly moved = new Map<string, string>();
  captureCalls = 0;

  async knownRefs(_mailboxId: string, refs: string[]): Promise<Set<string>> {
    return new Set(refs.filter((r) => this.captured.has(r)));
  }
  async capture(input: CaptureInput): Promise<void> {
    this.captureCalls++;
    if (!this.captured.has(input.sourceRef)) this.captured.set(input.sourceRef, input);
  }
  async pendingMoves(): Promise<PendingMove[]> {
    return [...this.decided]
      .filter(([ref]) => !this.moved.has(ref))
      .map(([ref, disposition]) => {
        const c = this.captured.get(ref)!;
        return { sourceRef: ref, folder: c.folder, uidValidity: c.uidValidity, uid: c.uid, disposition };
      });
  }
  async markMoved(_mailboxId: string, sourceRef: string, target: string): Promise<void> {
    this.moved.set(sourceRef, target);
  }
  decide(sourceRef: string, disposition: Disposition): void {
    this.decided.set(sourceRef, disposition);
  }
  /** The capture of the message with this Message-ID (the last one, after a UIDVALIDITY change). */
  byMessageId(messageId: string): CaptureInput[] {
    return [...this.captured.values()].filter((c) => c.raw.toString('latin1').includes(`Message-ID: ${messageId}\r\n`));
  }
}

function mail(id: string, subject = `Filing ${id}`): Buffer {
  return Buffer.from(
    [
      'From: Scanner <scanner@mwci.doc.example.org>',
      'To: prisoner-filings@ctd.example.org',
      `Subject: ${subject}`,
      'Date: Tue, 21 Jun 2016 10:00:00 -0400',
      `Message-ID: <${id}@mwci.doc.example.org>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Body of ${id}.`,
      '',
    ].join('\r\n'),
  );
}

async function until<T>(what: string | (() => string), fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function settingsFor(d: Dovecot, over: Partial<ImapSettings> = {}): ImapSettings {
  return {
    host: d.host,
    port: d.port,
    secure: false,
    user: USER,
    pass: PASS,
    folder: 'INBOX',
    folders: FOLDERS,
    idleRestartMs: 60_000,
    // Far above every wait below: only IDLE (or a reconnect) can explain a prompt capture.
    resyncMs: 60_000,
    ...over,
  };
}

describe('ImapSource against Dovecot', () => {
  let dovecot: Dovecot;
  let sink: MemorySink;
  let source: ImapSource;
  const events: string[] = [];

  beforeAll(async () => {
    dovecot = await startDovecot({ users: { [USER]: PASS } });
    sink = new MemorySink();
    source = new ImapSource({ mailboxId: 'clerk', settings: settingsFor(dovecot), sink, logger });
    for (const e of ['connected', 'disconnected', 'synced'] as const) source.on(e, () => events.push(e));
    await source.start();
  });

  afterAll(async () => {
    await source?.stop();
    await dovecot?.cleanup();
  });

  it('connects, selects the folder and creates every disposition folder', async () => {
    expect(source.connected).toBe(true);
    expect(events).toContain('synced');
    // What /healthz shows for the mailbox.
    expect(source.status()).toMatchObject({ kind: 'imap', connected: true });
    expect(Date.parse(source.status().lastSyncAt!)).not.toBeNaN();
    const folders = await dovecot.folders(USER);
    for (const f of Object.values(FOLDERS)) expect(folders).toContain(f);
  });

  it('I-1: captures a new message through IDLE/EXISTS, exact bytes, well before the re-sync', async () => {
    const raw = mail('m1');
    const t0 = Date.now();
    const { uid } = await dovecot.append(USER, 'INBOX', raw);
    const cap = await until('capture of m1', () => sink.byMessageId('<m1@mwci.doc.example.org>')[0], 15_000);
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeLessThan(15_000);
    const uidValidity = await dovecot.uidValidity(USER);
    expect(cap.sourceRef).toBe(`imap:INBOX:${uidValidity}:${uid}`);
    expect(cap).toMatchObject({ mailboxId: 'clerk', folder: 'INBOX', uidValidity, uid });
    expect(cap.raw.equals(raw)).toBe(true);
    expect(cap.arrival).toBeInstanceOf(Date);
    expect(Math.abs(cap.arrival!.getTime() - t0)).toBeLessThan(60_000);
  });

  it('does not capture a known message twice', async () => {
    const calls = sink.captureCalls;
    await source.requestSync();
    expect(sink.captureCalls).toBe(calls);
  });

  it('moves a decided message to its disposition folder after requestSync, never before', async () => {
    const [cap] = sink.byMessageId('<m1@mwci.doc.example.org>');
    // Not decided yet: a sync leaves it in INBOX.
    await source.requestSync();
    expect((await dovecot.list(USER, 'INBOX')).map((m) => m.messageId)).toContain('<m1@mwci.doc.example.org>');

    sink.decide(cap!.sourceRef, 'docketed');
    await source.requestSync();
    expect(sink.moved.get(cap!.sourceRef)).toBe(FOLDERS.docketed);
    expect((await dovecot.list(USER, 'INBOX')).map((m) => m.messageId)).not.toContain('<m1@mwci.doc.example.org>');
    expect((await dovecot.list(USER, FOLDERS.docketed)).map((m) => m.messageId)).toContain('<m1@mwci.doc.example.org>');
  });

  it('reconnects after a Dovecot restart and captures mail appended meanwhile', async () => {
    const connectedBefore = events.filter((e) => e === 'connected').length;
    await dovecot.restart();
    // Appended right away: the source is still in its reconnect back-off.
    await dovecot.append(USER, 'INBOX', mail('m2'));
    await until('capture of m2', () => sink.byMessageId('<m2@mwci.doc.example.org>').length > 0, 30_000);
    expect(events.filter((e) => e === 'disconnected').length).toBeGreaterThanOrEqual(1);
    expect(events.filter((e) => e === 'connected').length).toBeGreaterThan(connectedBefore);
    expect(source.connected).toBe(true);

    // And IDLE works on the new connection.
    await dovecot.append(USER, 'INBOX', mail('m3'));
    await until('capture of m3', () => sink.byMessageId('<m3@mwci.doc.example.org>').length > 0, 15_000);
  });

  it('after a UIDVALIDITY change, captures the messages again under new refs and leaves stale moves alone', async () => {
    const [m2] = sink.byMessageId('<m2@mwci.doc.example.org>');
    const [m3] = sink.byMessageId('<m3@mwci.doc.example.org>');
    // m2's outcome is committed, but its UID is about to mean nothing.
    sink.decide(m2!.sourceRef, 'rejected');

    const { before, after } = await dovecot.resetUidValidity(USER, 'INBOX');
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(m3!.uidValidity).toBe(before);

    await until('re-capture of m3 under the new UIDVALIDITY', () => sink.byMessageId('<m3@mwci.doc.example.org>').some((c) => c.uidValidity === after), 30_000);
    const again = sink.byMessageId('<m2@mwci.doc.example.org>').find((c) => c.uidValidity === after);
    expect(again).toBeDefined();
    expect(again!.sourceRef).toBe(`imap:INBOX:${after}:${again!.uid}`);
    expect(again!.raw.equals(m2!.raw)).toBe(true);

    // The old ref is not moved by a UID that may now name another message.
    await until('stale move recorded', () => sink.moved.get(m2!.sourceRef) === STALE_UIDVALIDITY, 10_000);
    expect((await dovecot.list(USER, 'INBOX')).map((m) => m.messageId)).toEqual(
      expect.arrayContaining(['<m2@mwci.doc.example.org>', '<m3@mwci.doc.example.org>']),
    );
    expect(await dovecot.list(USER, FOLDERS.rejected)).toEqual([]);
  });

  it('start() resolves while the server is down, then connects when it is back', async () => {
    await dovecot.stop();
    const s2 = new MemorySink();
    const src = new ImapSource({ mailboxId: 'clerk', settings: settingsFor(dovecot), sink: s2, logger });
    try {
      await src.start();
      expect(src.connected).toBe(false);
      expect(src.status()).toMatchObject({ kind: 'imap', connected: false });
      expect(src.status().lastError).toMatch(/ECONNREFUSED/);
      expect(src.status().lastSyncAt).toBeUndefined();
      await dovecot.restart();
      await until('connection once the server is back', () => src.connected, 30_000);
      await until('a sync after the reconnect', () => src.status().lastSyncAt, 15_000);
      await until('catch-up capture', () => s2.captured.size >= 2, 15_000);
    } finally {
      await src.stop();
    }
    await until('main source reconnected', () => source.connected, 30_000);
  });

  it('stop() ends cleanly and leaves no timers or sockets behind', async () => {
    // The main source would add and remove timers of its own meanwhile.
    await source.stop();
    expect(source.connected).toBe(false);
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    const baseline = { timers: timers(), sockets: sockets() };
    const src = new ImapSource({ mailboxId: 'clerk', settings: settingsFor(dovecot), sink: new MemorySink(), logger });
    const disconnected = new Promise<void>((r) => src.once('disconnected', () => r()));
    await src.start();
    expect(src.connected).toBe(true);
    await src.stop();
    await disconnected;
    expect(src.connected).toBe(false);
    await src.requestSync(); // a no-op once stopped
    // Polled: a timer of the sources stopped before the baseline may still be winding down.
    await until(() => `sockets and timers gone (${process.getActiveResourcesInfo().join(',')})`, () => sockets() <= baseline.sockets && timers() <= baseline.timers, 5_000);
  });
});

describe('SmtpCapture', () => {
  it('captures messages, refuses connections while stopped and accepts them again on the same port', async () => {
    const smtp = await startSmtpCapture();
    const send = (id: string) =>
      createTransport({ host: smtp.host, port: smtp.port, secure: false, ignoreTLS: true, connectionTimeout: 5_000 }).sendMail({
        from: 'bot@ctd.example.org',
        to: 'alee@lawfirm.example.com',
        subject: 'Notice',
        text: 'Hello',
        messageId: `<${id}@ctd.example.org>`,
      });
    try {
      await send('n1');
      const [first] = await smtp.waitFor(1, 5_000);
      expect(first!.messageId).toBe('<n1@ctd.example.org>');
      expect(first!.envelope).toEqual({ from: 'bot@ctd.example.org', to: ['alee@lawfirm.example.com'] });
      expect(first!.raw.toString()).toContain('Subject: Notice');

      const port = smtp.port;
      await smtp.stop();
      expect(smtp.listening).toBe(false);
      await expect(send('n2')).rejects.toMatchObject({ code: expect.stringMatching(/^(ECONNECTION|ESOCKET)$/) });

      await smtp.start();
      expect(smtp.port).toBe(port);
      await send('n3');
      const all = await smtp.waitFor(2, 5_000);
      expect(all.map((m) => m.messageId)).toEqual(['<n1@ctd.example.org>', '<n3@ctd.example.org>']);
      await expect(smtp.waitFor(3, 200)).rejects.toThrow(/expected 3/);
    } finally {
      await smtp.close();
    }
  });
});
