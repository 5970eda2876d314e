/**
 * P-9: the same filing sent twice, through the whole pipeline with real scanned PDFs and
 * real OCR. A resend (new e-mail, same PDF) or a rescan (new bytes, same case, stamp and
 * pages) waits for a clerk as DUPLICATE_FILING naming the entry it repeats; a clerk
 * closes it as a duplicate or dockets it anyway.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageResult } from '../../src/cli/result.ts';
import { resolveException } from '../../src/docket/resolve.ts';
import { captureMessage } from '../../src/intake/capture.ts';
import { docketEntries, exceptions, outbox } from '../../src/models/schema.ts';
import { ADDR, buildMail, FACILITY } from '../support/mail.ts';
import { testApp } from '../support/app.ts';
import { scannedPage, scannedPdf } from '../support/scan.ts';

type Stamp = { year: number; month: number; day: number; hour: number; minute: number };
const ARRIVAL = new Date('2016-06-22T10:45:00-04:00');

/** One sheet of paper, stamped, as the scanner captures it; `quality` stands for a second pass through the scanner. */
function sheet(at: Stamp, seed: number) {
  return scannedPage({ seed, dpi: 200, ink: 'red', rotation: 0, position: 'top-right', boxed: true, lines: 2, form: 'received', stampAt: at, facility: 'MWCI', noise: false }).image;
}

describe('the same filing sent twice (P-9)', () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    // Stamps up to 60 days old are believed here, so the 30-day window of P-9 can be tested on its own.
    app = await testApp('pglite', {}, { stampMaxAgeDays: 60 });
  });
  afterAll(() => app?.dispose());

  let n = 0;
  async function send(attachments: { filename: string; content: Buffer }[], opts: { arrival?: Date; raw?: Buffer } = {}) {
    const raw = opts.raw ?? (await buildMail({ from: FACILITY, to: ADDR.clerk, subject: '3:16-cv-01234 Smith', attachments }));
    const c = await captureMessage(app.store.db, { mailboxId: 'clerk', sourceRef: `dup-${++n}`, folder: 'INBOX', raw, arrival: opts.arrival ?? ARRIVAL, fallbackArrival: new Date() });
    await app.process(c.messagePk);
    return { pk: c.messagePk, raw, result: (await messageResult(app.store.db, c.messagePk)) as Record<string, any> };
  }
  const entriesOf = (pk: number) => app.store.db.select().from(docketEntries).where(eq(docketEntries.messagePk, pk));
  const openException = async (pk: number) => (await app.store.db.select().from(exceptions).where(and(eq(exceptions.messagePk, pk), eq(exceptions.code, 'DUPLICATE_FILING'))))[0];

  it('P-9: the same PDF sent again in a new e-mail is a DUPLICATE_FILING naming the docket entry, not a second entry', async () => {
    const pdf = await scannedPdf([sheet({ year: 2016, month: 6, day: 22, hour: 9, minute: 5 }, 101)]);
    const first = await send([{ filename: 'motion.pdf', content: pdf }]);
    expect(first.result.disposition).toBe('docketed');
    const number = first.result.filings[0].docketNumber;

    const again = await send([{ filename: 'motion-resent.pdf', content: pdf }], { arrival: new Date('2016-06-22T11:30:00-04:00') });
    expect(again.result.disposition).toBe('exception');
    expect(again.result.codes).toContain('DUPLICATE_FILING');
    expect(again.result.filings[0]).toMatchObject({ disposition: 'exception', docketNumber: null, duplicateOf: { caseNumber: '3:16-cv-01234', docketNumber: number } });
    expect(await entriesOf(again.pk)).toEqual([]);
    const ex = await openException(again.pk);
    expect(ex).toMatchObject({ status: 'open', caseNumber: '3:16-cv-01234' });
    expect(ex!.detail).toContain(`the same PDF as docket entry ${number} in 3:16-cv-01234`);
    // The facility hears that a clerk reviews it; no NEF goes out for a second entry.
    const replies = await app.store.db.select().from(outbox).where(eq(outbox.messagePk, again.pk));
    expect(replies.map((r) => r.kind)).toEqual(['acknowledgement']);
    expect(replies[0]!.raw.toString()).toContain('DUPLICATE_FILING');
  });

  it('P-9: the same paper rescanned (new bytes, same case, stamp and pages) is a DUPLICATE_FILING', async () => {
    const page = sheet({ year: 2016, month: 6, day: 22, hour: 9, minute: 12 }, 102);
    const first = await send([{ filename: 'letter.pdf', content: await scannedPdf([page], 80) }]);
    expect(first.result.disposition).toBe('docketed');
    const rescan = await scannedPdf([page], 60);
    const again = await send([{ filename: 'letter.pdf', content: rescan }], { arrival: new Date('2016-06-22T13:00:00-04:00') });
    expect(again.result.codes).toContain('DUPLICATE_FILING');
    expect(again.result.filings[0].duplicateOf).toEqual({ caseNumber: '3:16-cv-01234', docketNumber: first.result.filings[0].docketNumber });
    expect((await openException(again.pk))!.detail).toMatch(/same case, stamp \(.*JUN 22 2016.*\) and number of pages \(1\)/i);
  });

  it('P-9: the same case on the same day with another stamp time is a new filing, docketed', async () => {
    const a = await send([{ filename: 'a.pdf', content: await scannedPdf([sheet({ year: 2016, month: 6, day: 22, hour: 9, minute: 20 }, 103)]) }]);
    const b = await send([{ filename: 'b.pdf', content: await scannedPdf([sheet({ year: 2016, month: 6, day: 22, hour: 9, minute: 25 }, 103)]) }]);
    expect([a.result.disposition, b.result.disposition]).toEqual(['docketed', 'docketed']);
    expect(b.result.codes).not.toContain('DUPLICATE_FILING');
  });

  it('P-9: a rescan matching an entry docketed more than 30 days before the arrival is docketed', async () => {
    const at = { year: 2016, month: 5, day: 10, hour: 9, minute: 30 };
    const page = sheet(at, 104);
    const old = await send([{ filename: 'old.pdf', content: await scannedPdf([page], 80) }], { arrival: new Date('2016-05-10T10:00:00-04:00') });
    expect(old.result.disposition).toBe('docketed');
    // 31 days later by the message's arrival (not by the wall clock): outside the window.
    const later = await send([{ filename: 'old-again.pdf', content: await scannedPdf([page], 60) }], { arrival: new Date('2016-06-10T10:30:00-04:00') });
    expect(later.result.disposition).toBe('docketed');
    expect(later.result.codes).not.toContain('DUPLICATE_FILING');
  });

  it('P-9: two identical PDFs in one message: the first is docketed, the second is a duplicate of it', async () => {
    const pdf = await scannedPdf([sheet({ year: 2016, month: 6, day: 22, hour: 9, minute: 40 }, 105)]);
    const { pk, result } = await send([
      { filename: 'motion.pdf', content: pdf },
      { filename: 'motion (1).pdf', content: pdf },
    ]);
    expect(result.filings.map((f: any) => f.disposition)).toEqual(['docketed', 'exception']);
    const number = result.filings[0].docketNumber;
    expect(result.filings[1].duplicateOf).toMatchObject({ attachmentIndex: 0, caseNumber: '3:16-cv-01234', docketNumber: number });
    expect(await entriesOf(pk)).toHaveLength(1);
    const ex = await openException(pk);
    expect(ex!.detail).toContain('as motion.pdf in the same email');
    expect(ex!.detail).toContain(`docketed as entry ${number} in 3:16-cv-01234`);
  });

  it('I-2/P-9: the same message processed twice (two folders, a redelivery) keeps its one outcome and is not its own duplicate', async () => {
    const pdf = await scannedPdf([sheet({ year: 2016, month: 6, day: 22, hour: 9, minute: 45 }, 106)]);
    const first = await send([{ filename: 'once.pdf', content: pdf }]);
    const twice = await send([], { raw: first.raw });
    expect(twice.pk).toBe(first.pk);
    await app.process(first.pk);
    const after = (await messageResult(app.store.db, first.pk)) as Record<string, any>;
    expect(after.disposition).toBe('docketed');
    expect(after.codes).not.toContain('DUPLICATE_FILING');
    expect(await entriesOf(first.pk)).toHaveLength(1);
  });

  it('P-9: a clerk closes a DUPLICATE_FILING as a duplicate: nothing is docketed', async () => {
    const pdf = await scannedPdf([sheet({ year: 2016, month: 6, day: 22, hour: 9, minute: 50 }, 107)]);
    await send([{ filename: 'x.pdf', content: pdf }]);
    const again = await send([{ filename: 'x.pdf', content: pdf }], { arrival: new Date('2016-06-22T12:00:00-04:00') });
    const ex = await openException(again.pk);
    await resolveException(app, { exceptionId: ex!.id, dismiss: `duplicate of entry ${again.result.filings[0].duplicateOf.docketNumber}`, by: 'clerk-jd' });
    expect(await openException(again.pk)).toMatchObject({ status: 'resolved', resolvedBy: 'clerk-jd' });
    expect(await entriesOf(again.pk)).toEqual([]);
  });

  it('P-9: a clerk dockets a DUPLICATE_FILING anyway (a new filing after all): the stamp date is kept and the NEF goes out', async () => {
    const page = sheet({ year: 2016, month: 6, day: 22, hour: 9, minute: 55 }, 108);
    const first = await send([{ filename: 'y.pdf', content: await scannedPdf([page], 80) }]);
    const again = await send([{ filename: 'y2.pdf', content: await scannedPdf([page], 60) }], { arrival: new Date('2016-06-22T12:10:00-04:00') });
    const ex = await openException(again.pk);
    const r = await resolveException(app, { exceptionId: ex!.id, by: 'clerk-jd' });
    expect(r).toMatchObject({ caseNumber: '3:16-cv-01234', filedAt: '2016-06-22T09:55:00-04:00', docketNumber: first.result.filings[0].docketNumber + 1 });
    const after = (await messageResult(app.store.db, again.pk)) as Record<string, any>;
    expect(after.disposition).toBe('docketed');
    const nefs = await app.store.db.select().from(outbox).where(and(eq(outbox.messagePk, again.pk), eq(outbox.kind, 'nef')));
    expect(nefs.length).toBe(2);
  });
});
