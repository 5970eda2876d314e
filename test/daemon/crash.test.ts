/**
 * I-1/I-2 under crashes: the daemon runs as a child process and is killed with SIGKILL at
 * several points of the flow (after capture, before commit, after commit, before the
 * move), then restarted. Over 24 messages none is lost and none is answered twice.
 *
 * One job at a time: a kill that lands inside an SMTP transaction (after the server
 * accepted the reply, before the outbox recorded it) leads to the same reply, same
 * Message-ID, being sent again — the one window no mail system can close — so the kills
 * here are placed at step boundaries, never inside a send.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages, outbox } from '../../src/models/schema.ts';
import { BIN } from '../support/cli.ts';
import { doneMessages, eventually, inReplyTo, sentReplies, startDaemonEnv, type DaemonEnv } from '../support/daemon-env.ts';
import { ADDR, buildMail, goodMail } from '../support/mail.ts';

const COUNT = 24;

function spawnDaemon(env: DaemonEnv, crashAt?: string): { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; stderr: () => string } {
  const child = spawn(process.execPath, [BIN, 'run', '--config', env.configFile], {
    env: { ...process.env, LOG_LEVEL: 'warn', LOG_JSON: '1', ...(crashAt ? { COURT_INTAKE_CRASH_AT: crashAt } : {}) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('exit', (code, signal) => res({ code, signal })));
  return { child, exited, stderr: () => err };
}

describe('the daemon killed with SIGKILL and restarted', () => {
  let env: DaemonEnv;
  beforeAll(async () => {
    env = await startDaemonEnv({ resyncMs: 2000, outboxSweepMs: 300, concurrency: 1 });
  });
  afterAll(() => env?.dispose());

  it('I-1/I-2 (b): over 24 messages and six kills, no message is lost and no reply is sent twice', async () => {
    const ids: string[] = [];
    const append = async (i: number) => {
      const id = `<crash-${i}@test.example.org>`;
      ids.push(id);
      // A mix of outcomes: accepted registrations, rejected strangers, accepted orders.
      const raw =
        i % 3 === 0
          ? await goodMail('registration', { messageId: id })
          : i % 3 === 1
            ? await buildMail({ from: `p${i}@mail.example.net`, to: ADDR.clerk, subject: `letter ${i}`, messageId: id, text: 'no pdf' })
            : await goodMail('orders', { messageId: id });
      await env.dovecot.append(i % 3 === 0 ? 'registration' : i % 3 === 2 ? 'orders-jam' : 'clerk', 'INBOX', raw);
    };
    for (let i = 0; i < 12; i++) await append(i);

    const kills: string[] = [];
    const phases: { crashAt: string; appendDuring?: number[]; killAfterMs?: number }[] = [
      { crashAt: 'after-capture:2' },
      { crashAt: 'before-commit:2' },
      { crashAt: 'after-commit:1', appendDuring: [12, 13, 14, 15, 16, 17] },
      { crashAt: 'before-move:2' },
      { crashAt: 'after-capture:3', appendDuring: [18, 19, 20, 21, 22, 23] },
      { crashAt: 'after-commit:3' },
    ];
    for (const phase of phases) {
      const d = spawnDaemon(env, phase.crashAt);
      for (const i of phase.appendDuring ?? []) await append(i);
      // Fallback when the crash point is not reached in time (a slow machine, or fewer
      // messages left than the point counts): kill only once nothing is being sent, so
      // the kill still lands between steps and never inside an SMTP transaction.
      let exitedYet = false;
      const timer = setTimeout(() => {
        void (async () => {
          while (!exitedYet) {
            const busy = await env.store.db.select({ id: outbox.id }).from(outbox).where(inArray(outbox.status, ['pending', 'sending']));
            if (!busy.length) {
              d.child.kill('SIGKILL');
              return;
            }
            await new Promise((r) => setTimeout(r, 100));
          }
        })();
      }, phase.killAfterMs ?? 25_000);
      const { signal } = await d.exited;
      exitedYet = true;
      clearTimeout(timer);
      expect(signal, d.stderr()).toBe('SIGKILL');
      kills.push(phase.crashAt!);
    }
    expect(kills).toHaveLength(6);

    // The last run is not killed: it finishes the work, then stops on SIGTERM.
    const last = spawnDaemon(env);
    await eventually(async () => (await doneMessages(env.store)).length === COUNT && (await sentReplies(env.store)).length === COUNT, 'every message decided and answered', 60_000).catch(async (err) => {
      const msgs = await env.store.db.select({ id: messages.id, status: messages.status, mid: messages.messageId, err: messages.lastError }).from(messages);
      const out = await env.store.db.select({ id: outbox.id, status: outbox.status, attempts: outbox.attempts, err: outbox.lastError }).from(outbox);
      throw new Error(`${err.message}\nmessages: ${JSON.stringify(msgs.filter((m) => m.status !== 'done'))} of ${msgs.length}\noutbox: ${JSON.stringify(out.filter((o) => o.status !== 'sent'))} of ${out.length}\nstderr: ${last.stderr().slice(-3000)}`);
    });
    await eventually(async () => (await Promise.all(['clerk', 'orders-jam', 'registration'].map((u) => env.dovecot.list(u, 'INBOX')))).every((l) => l.length === 0), 'every INBOX emptied by the moves', 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    last.child.kill('SIGTERM');
    const { code } = await last.exited;
    expect(code, last.stderr()).toBe(0);

    // None lost: every message has one stored outcome and one reply …
    const done = await doneMessages(env.store);
    expect(done.map((m) => m.messageId).sort()).toEqual([...ids].sort());
    const answered = env.smtp.messages.map((m) => inReplyTo(m.raw));
    for (const id of ids) expect(answered.filter((x) => x === id), id).toHaveLength(1);
    // … and no reply twice.
    const replyIds = env.smtp.messages.map((m) => m.messageId);
    expect(new Set(replyIds).size).toBe(replyIds.length);
    expect(env.smtp.messages).toHaveLength(COUNT);
    // Every message sits in its disposition folder.
    const moved = [
      ...(await env.dovecot.list('registration', 'Accepted')),
      ...(await env.dovecot.list('clerk', 'Rejected')),
      ...(await env.dovecot.list('orders-jam', 'Accepted')),
    ];
    expect(new Set(moved.map((m) => m.messageId))).toEqual(new Set(ids));
  }, 300_000);
});
