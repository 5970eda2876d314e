/**
 * No document can take the daemon down: 30 scanned prisoner filings go through the daemon
 * (Dovecot → IDLE → two jobs at a time → SMTP) while, every second or two, one of its
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

  it('I-1/I-2/I-5: 30 scanned filings, a document child SIGKILLed at random every 1–2.5 s: the daemon stays up, each message is decided once, each reply sent once', async () => {
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
      let stop = false;
      const killer = (async () => {
        while (!stop) {
          await new Promise((r) => setTimeout(r, 1000 + random() * 1500));
          const kids = documentChildren(daemon.pid!);
          if (!kids.length || stop) continue;
          try {
            process.kill(kids[Math.floor(random() * kids.length)]!, 'SIGKILL');
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
      await eventually(async () => (await env.store.db.select({ status: outbox.status }).from(outbox)).every((o) => o.status === 'sent'), 'every reply sent', 60_000);
      await new Promise((r) => setTimeout(r, 1000));

      expect(daemon.exitCode, stderr).toBeNull();
      expect(kills).toBeGreaterThanOrEqual(5);
      const rows = await env.store.db.select().from(messages);
      expect(rows.map((m) => m.messageId).sort()).toEqual([...ids].sort());
      for (const m of rows) {
        expect(['docketed', 'exception'], `${m.messageId}: ${JSON.stringify(m.codes)}`).toContain(m.disposition);
        expect(m.codes, m.messageId ?? '').not.toContain('PROCESSING_FAILED');
      }
      // A filing held for a clerk says why: its reading was killed twice.
      const held = await env.store.db.select().from(exceptions);
      for (const e of held) expect(e.code).toBe('ATTACHMENT_UNREADABLE');
      // Every reply once: as many SMTP deliveries as outbox rows, no Message-ID twice, and
      // every filing answered.
      const sent = await env.store.db.select().from(outbox);
      const replyIds = env.smtp.messages.map((m) => m.messageId);
      expect(new Set(replyIds).size).toBe(replyIds.length);
      expect(env.smtp.messages).toHaveLength(sent.length);
      const answered = new Set(env.smtp.messages.map((m) => inReplyTo(m.raw)));
      for (const id of ids) expect(answered.has(id), id).toBe(true);
    } finally {
      daemon.kill('SIGTERM');
      await new Promise((r) => daemon.once('exit', r));
    }
  }, 900_000);
});
