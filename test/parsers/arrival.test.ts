import { describe, expect, it } from 'vitest';
import { arrivalTime } from '../../src/parsers/arrival.ts';
import { parseMessage } from '../../src/parsers/message.ts';

const raw = (...headers: string[]) => Buffer.from([...headers, 'From: a@example.com', '', 'body'].join('\r\n'));

describe('arrivalTime', () => {
  it('an explicit arrival (the IMAP INTERNALDATE, a CLI flag) wins', async () => {
    const msg = await parseMessage(raw('Received: from x by y; Tue, 16 Jun 2026 10:00:00 -0400'));
    const at = new Date('2026-06-20T12:00:00Z');
    expect(arrivalTime(msg, at)).toBe(at);
  });

  it('else the newest Received: date (the topmost header), not the sender’s Date:', async () => {
    const msg = await parseMessage(
      raw(
        'Received: from mx by inbox; Tue, 16 Jun 2026 10:00:05 -0400',
        'Received: from sender by mx; Tue, 16 Jun 2026 09:59:00 -0400',
        'Date: Mon, 15 Jun 2026 08:00:00 -0400',
      ),
    );
    expect(arrivalTime(msg)?.toISOString()).toBe('2026-06-16T14:00:05.000Z');
  });

  it('else the Date: header', async () => {
    const msg = await parseMessage(raw('Date: Mon, 15 Jun 2026 08:00:00 -0400'));
    expect(arrivalTime(msg)?.toISOString()).toBe('2026-06-15T12:00:00.000Z');
  });

  it('else null: never a guess', async () => {
    expect(arrivalTime(await parseMessage(raw('Date: not a date')))).toBeNull();
  });
});
