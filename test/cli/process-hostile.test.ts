import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, jsonLines } from '../support/cli.ts';
import { ADDR, buildMail } from '../support/mail.ts';

const COURT = new URL('../fixtures/court.yaml', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'ci-hostile-'));
const write = (name: string, raw: Buffer) => {
  const p = join(tmp, name);
  writeFileSync(p, raw);
  return p;
};
const withHeader = (raw: Buffer, name: string, value: string) => Buffer.from(raw.toString('latin1').replace(new RegExp(`^${name}: .*$`, 'm'), `${name}: ${value}`), 'latin1');

describe('court-intake process over hostile mail (a user’s 600 mutations of real mail)', () => {
  let files: string[];
  beforeAll(async () => {
    const plain = (subject: string) => buildMail({ from: 'someone@mail.example.net', to: ADDR.clerk, subject, text: 'no attachment' });
    const parts = Array.from({ length: 100_000 }, (_, i) => `--b\r\nContent-Type: application/octet-stream\r\n\r\n${i}\r\n`).join('');
    files = [
      write('nul-subject.eml', withHeader(await plain('x'), 'Subject', 'my\x00 case')),
      write('huge-id.eml', withHeader(await plain('huge id'), 'Message-ID', `<${'a'.repeat(1024 * 1024)}@x.example>`)),
      write('nul-boundary.eml', Buffer.from(`From: someone@mail.example.net\r\nTo: ${ADDR.clerk}\r\nSubject: b\r\nMessage-ID: <nb@x.example>\r\nContent-Type: multipart/mixed; boundary="a\x00b"\r\n\r\n--a\x00b\r\n\r\nhi\r\n--a\x00b--\r\n`, 'latin1')),
      write('many-parts.eml', Buffer.from(`From: someone@mail.example.net\r\nTo: ${ADDR.clerk}\r\nSubject: parts\r\nMessage-ID: <mp@x.example>\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`)),
      write('ordinary.eml', await plain('my case')),
    ];
  });

  it('I-5: every file gets its answer line, the ordinary one after the hostile ones is processed, and the exit code is 0', async () => {
    const store = join(tmp, 'store');
    const r = await cli(['process', ...files, '--mailbox', 'clerk', '--data', COURT, '--store', store, '--json', '--received-at', '2016-06-22T10:45:00-04:00'], { timeoutMs: 170_000 });
    expect(r.code, r.stderr.slice(0, 2000)).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => [l.file.replace(/^.*\//, ''), l.disposition])).toEqual([
      ['nul-subject.eml', 'rejected'],
      ['huge-id.eml', 'exception'],
      ['nul-boundary.eml', 'exception'],
      ['many-parts.eml', 'exception'],
      ['ordinary.eml', 'rejected'],
    ]);
    expect(lines.slice(1, 4).map((l) => l.codes)).toEqual([['MALFORMED_MESSAGE'], ['MALFORMED_MESSAGE'], ['MALFORMED_MESSAGE']]);
    // The rejection of the NUL subject is a real reply file, without the NUL.
    const reply = lines[0]!.replies[0];
    expect(reply.subject).toContain('my case');
    expect(readFileSync(join(store, reply.file)).includes(0)).toBe(false);
    expect(lines[4]!.replies).toHaveLength(1);
  }, 180_000);
});
