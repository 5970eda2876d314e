/**
 * No document can take the daemon down: 30 scanned prisoner filings go through the daemon
 * (Dovecot → IDLE → two jobs at a time → SMTP) while, every two to four seconds, one of its
 * document children is killed with SIGKILL — what a segmentation fault in the canvas or
 * an out-of-memory kill looks like from outside. The daemon stays up; every message is
 * decided exactly once and every reply is sent exactly once. A filing whose reading is
 * killed is read again in a fresh child; one killed twice goes to a clerk
 * (ATTACHMENT_UNREADABLE, P-3), never lost and never rejected.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exceptions, messages, outbox } from '../../src/models/schema.ts';
import { BIN } from '../support/cli.ts';
import { eventually, inReplyTo, startDaemonEnv, type DaemonEnv } from '../support/daemon-env.ts';
import { ADDR, buildMail, daysAgo, stampedFilingPdf } from '../support/mail.ts';
import { rng } from '../support/scan.ts';

const COUNT = 30;

/** Process ids of the document children under `pid` (src/documents/child.ts). */
function documentChildren(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== pid) continue;
      if (readFileSync(`/proc/${name}/cmdline`, 'latin1').includes('documents/child')) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

describe('document children killed under the daemon', () => {
  let env: DaemonEnv;
  beforeAll(async () => {
    env = await startDaemonEnv({ resyncMs: 2000, outboxSweepMs: 300, concurrency: 2 });
  });
  afterAll(() => env?.dispose());

  it('I-1/I-2/I-5: 30 scanned filings, a document child SIGKILLed at random every 2–4 s: the daemon stays up, each message is decided once, each reply sent once', async () => {
    const daemon = spawn(process.execPath, [BIN, 'run', '--config', env.configFile], { env: { ...process.env, LOG_LEVEL: 'warn', LOG_JSON: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    daemon.stderr!.on('data', (d) => (stderr += d));
    const ids: string[] = [];
    try {
      for (let i = 0; i < COUNT; i++) {
        const id = `<doc-crash-${i}@mwci.doc.example.org>`;
        ids.push(id);
        // A distinct stamp minute per filing: the same case, stamp and pages would be a rescan (P-9).
        const pdf = await stampedFilingPdf({ ...daysAgo(2), minute: i }, 100 + i);
        const raw = await buildMail({ from: 'scanner@mwci.doc.example.org', to: ADDR.clerk, subject: `3:16-cv-01234 motion ${i}`, messageId: id, attachments: [{ filename: `scan-${i}.pdf`, content: pdf }] });
        await env.dovecot.append('clerk', 'INBOX', raw);
      }

      const random = rng(11);
      let kills = 0;
      const born = new Map<number, number>();
      let stop = false;
      const killer = (async () => {
        while (!stop) {
          await new Promise((r) => setTimeout(r, 2000 + random() * 2000));
          // A child born in the last few seconds is left alone, so that a reading killed
          // once usually gets its second attempt (as after one real crash).
          const now = Date.now();
          for (const pid of documentChildren(daemon.pid!)) if (!born.has(pid)) born.set(pid, now);
          const kids = [...born].filter(([pid, at]) => now - at >= 15_000 && documentChildren(daemon.pid!).includes(pid)).map(([pid]) => pid);
          if (!kids.length || stop) continue;
          try {
            const victim = kids[Math.floor(random() * kids.length)]!;
            born.delete(victim);
            process.kill(victim, 'SIGKILL');
            kills++;
          } catch {
            // it ended on its own
          }
        }
      })();

      const done = async () => (await env.store.db.select({ status: messages.status }).from(messages)).filter((m) => m.status === 'done').length;
      await eventually(async () => (await done()) === COUNT, 'every filing decided', 600_000).catch((err: Error) => {
        throw new Error(`${err.message}\nstderr: ${stderr.slice(-3000)}`);
      });
      stop = true;
      await killer;
      // Replies go out after the commit: wait until none is pending.
      // (A reply over the per-recipient rate limit is held, I-3: not a send.)
      await eventually(async () => (await env.store.db.select({ status: outbox.status }).from(outbox)).every((o) => o.status === 'sent' || o.status === 'held'), 'every reply sent or held', 60_000).catch(async (err: Error) => {
        const rows = await env.store.db.select({ id: outbox.id, kind: outbox.kind, status: outbox.status, err: outbox.lastError }).from(outbox);
        throw new Error(`${err.message}: ${JSON.stringify(rows.filter((o) => o.status !== 'sent'))}`);
      });
      await new Promise((r) => setTimeout(r, 1000));

      expect(daemon.exitCode, stderr).toBeNull();
      expect(kills).toBeGreaterThanOrEqual(5);
      const rows = await env.store.db.select().from(messages);
      expect(rows.map((m) => m.messageId).sort()).toEqual([...ids].sort());
      for (const m of rows) {
        expect(['docketed', 'exception'], `${m.messageId}: ${JSON.stringify(m.codes)}`).toContain(m.disposition);
        expect(m.codes, m.messageId ?? '').not.toContain('PROCESSING_FAILED');
      }
      // A filing held for a clerk says why: its reading (P-3, answered with an
      // acknowledgement) or the parsing of its MIME (no reply: nothing was read) was
      // killed twice.
      const held = await env.store.db.select().from(exceptions);
      for (const e of held) {
        expect(['ATTACHMENT_UNREADABLE', 'MALFORMED_MESSAGE']).toContain(e.code);
        expect(e.detail).toMatch(/could not be processed safely|failed twice/);
      }
      console.log(`document-crash: ${kills} children killed; ${rows.filter((m) => m.disposition === 'docketed').length} docketed, ${held.length} held for a clerk (${held.map((e) => e.code).join(', ') || 'none'}); ${env.smtp.messages.length} replies`);
      const unparsed = new Set(held.filter((e) => e.code === 'MALFORMED_MESSAGE').map((e) => e.messagePk));
      // A reading killed once is read again in a fresh child (spared for 15 s) and docketed.
      expect(rows.filter((m) => m.disposition === 'docketed').length).toBeGreaterThanOrEqual(COUNT / 2);
      // Every reply once: as many SMTP deliveries as outbox rows sent, no Message-ID twice;
      // and every filing answered (an acknowledgement over the facility's rate limit is
      // held, I-3, which is an answer kept back, not a lost one).
      const replies = await env.store.db.select().from(outbox);
      const sent = replies.filter((o) => o.status === 'sent');
      const replyIds = env.smtp.messages.map((m) => m.messageId);
      expect(new Set(replyIds).size).toBe(replyIds.length);
      expect(env.smtp.messages).toHaveLength(sent.length);
      const answered = new Set(env.smtp.messages.map((m) => inReplyTo(m.raw)));
      for (const m of rows.filter((r) => !unparsed.has(r.id))) {
        const own = replies.filter((o) => o.messagePk === m.id);
        expect(own.length, m.messageId ?? '').toBeGreaterThan(0);
        if (own.some((o) => o.status === 'sent')) expect(answered.has(m.messageId ?? undefined), m.messageId ?? '').toBe(true);
      }
    } finally {
      daemon.kill('SIGTERM');
      await new Promise((r) => daemon.once('exit', r));
    }
  }, 900_000);
});
