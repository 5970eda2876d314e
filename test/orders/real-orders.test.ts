/**
 * Proposed orders written by LibreOffice (scripts/make-order-fixtures.sh) in the layouts
 * practitioners use, read from .docx, .doc and .rtf: the correct ones pass ECF Procedure
 * 14(b)–(c), the defective ones are caught with the exact codes; a few go through the
 * whole pipeline.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageResult } from '../../src/cli/result.ts';
import { captureMessage } from '../../src/intake/capture.ts';
import { eq } from 'drizzle-orm';
import { cases, docketEntries, outbox } from '../../src/models/schema.ts';
import { readWord } from '../../src/parsers/word.ts';
import { checkCaption, checkMotionReference, checkSignatureJudgeDate, type OrderText } from '../../src/rules/order-content.ts';
import { testApp } from '../support/app.ts';
import { ADDR, buildMail, FILER } from '../support/mail.ts';

const DIR = new URL('../fixtures/orders/', import.meta.url).pathname;
const JUDGES = [{ name: 'Julie A. Manning' }, { name: 'Ann M. Nevins' }];

/** The cases the fixtures are captioned in (13-30001 is in test/fixtures/court.yaml). */
const CASES = [
  { number: '13-30001', debtor: 'John Daniel', chapter: 13 },
  { number: '13-30002', debtor: 'Eastshore Diner, Inc.', chapter: 11 },
  { number: '13-30003', debtor: 'Lakeside Dental Group, P.C.', chapter: 7 },
  { number: '13-30004', debtor: 'Robert J. Kowalski and Linda M. Kowalski', chapter: 13 },
  { number: '13-30005', debtor: 'Maria Santos a/k/a Maria Santos-Rivera', chapter: 7 },
  { number: '13-30006', debtor: 'Harbor Point Holdings, L.L.C.', chapter: 11 },
];

/** Each fixture's case, and the codes a defective one must get (a correct one gets none). */
const FIXTURES: Record<string, { case: string; codes: string[] }> = {
  'good-paren-caption': { case: '13-30001', codes: [] },
  'good-colon-company': { case: '13-30002', codes: [] },
  'good-table-company': { case: '13-30003', codes: [] },
  'good-joint-debtors': { case: '13-30004', codes: [] },
  'good-aka': { case: '13-30005', codes: [] },
  'good-prepared-by': { case: '13-30001', codes: [] },
  'good-certificate': { case: '13-30001', codes: [] },
  'good-header-footer': { case: '13-30006', codes: [] },
  'good-recital-judge': { case: '13-30001', codes: [] },
  'good-consent': { case: '13-30001', codes: [] },
  'good-textbox-submitted': { case: '13-30003', codes: [] },
  'good-scheduling-blank': { case: '13-30001', codes: [] },
  'bad-judge-block': { case: '13-30001', codes: ['DATE_LINE', 'JUDGE_NAME', 'SIGNATURE_LINE'] },
  'bad-bare-title': { case: '13-30001', codes: ['SIGNATURE_LINE'] },
  'bad-hon-name': { case: '13-30001', codes: ['JUDGE_NAME'] },
  'bad-date-line': { case: '13-30002', codes: ['DATE_LINE'] },
  'bad-table-signature': { case: '13-30001', codes: ['DATE_LINE', 'JUDGE_NAME', 'SIGNATURE_LINE'] },
};

const FILES = readdirSync(DIR).filter((f) => /\.(?:docx|doc|rtf)$/.test(f)).sort();

async function contentCodes(file: string): Promise<string[]> {
  const w = await readWord(readFileSync(DIR + file));
  const text: OrderText = { paragraphs: w.paragraphs.map((p) => p.text), tables: w.tables, textBoxes: w.textBoxes, headers: w.headers, footers: w.footers };
  const c = CASES.find((x) => x.number === FIXTURES[file.replace(/\.\w+$/, '')]!.case)!;
  return [...checkCaption(text, c), ...checkMotionReference(text, new Set([42])), ...checkSignatureJudgeDate(text, JUDGES)].map((f) => f.code).sort();
}

describe('proposed orders made by LibreOffice, read through readWord', () => {
  it('O-3/O-5: every fixture the script makes is listed here, in all three formats', () => {
    expect(FILES).toHaveLength(Object.keys(FIXTURES).length * 3);
    for (const f of FILES) expect(FIXTURES[f.replace(/\.\w+$/, '')], f).toBeDefined();
  });

  it.each(FILES.filter((f) => f.startsWith('good-')))('O-3/O-4/O-5: the correct order %s passes the caption, motion and signature/judge/date checks', async (f) => {
    expect(await contentCodes(f)).toEqual([]);
  });

  it.each(FILES.filter((f) => f.startsWith('bad-')))('O-5: the defective order %s is caught with its exact codes', async (f) => {
    expect(await contentCodes(f)).toEqual(FIXTURES[f.replace(/\.\w+$/, '')]!.codes);
  });
});

describe('proposed orders made by LibreOffice, through the pipeline', () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    app = await testApp('pglite');
    for (const c of CASES.filter((x) => x.number !== '13-30001')) {
      await app.store.db.insert(cases).values({ number: c.number, court: 'bankruptcy', title: `In re ${c.debtor}`, judge: 'JAM', debtor: c.debtor, chapter: c.chapter });
      // Filed the morning the orders arrive, so an ex parte or expedited order finds its matter (O-8).
      const at = new Date('2014-03-10T09:00:00-04:00');
      await app.store.db.insert(docketEntries).values({ caseNumber: c.number, number: 42, filedAt: at, enteredAt: at, text: 'Emergency Motion, expedited treatment requested', filer: FILER });
    }
  });
  afterAll(() => app?.dispose());

  let n = 0;
  async function send(subject: string, file: string) {
    const raw = await buildMail({ from: `Ann Lee <${FILER}>`, to: ADDR.orders, subject, text: 'Proposed order attached.', attachments: [{ filename: file, content: readFileSync(DIR + file) }] });
    const c = await captureMessage(app.store.db, { mailboxId: 'orders-jam', sourceRef: `real-${++n}`, folder: 'INBOX', raw, arrival: new Date('2014-03-10T11:00:00-04:00'), fallbackArrival: new Date() });
    await app.process(c.messagePk);
    const notices = (await app.store.db.select().from(outbox).where(eq(outbox.messagePk, c.messagePk))).map((r) => r.raw.toString('utf8').replace(/=\r?\n/g, ''));
    return Object.assign((await messageResult(app.store.db, c.messagePk)) as Record<string, any>, { notices });
  }

  it('O-12: the `)` caption order with contested-matter parties (.docx) is accepted', async () => {
    expect(await send('13-30001 Daniel - request filed', 'good-paren-caption.docx')).toMatchObject({ disposition: 'accepted', codes: [] });
  });

  it('O-9/O-5: a revised order after the hearing, with counsel’s /s/ block and a certificate of service signed /s/ (.doc), is accepted', async () => {
    expect(await send('13-30001 Daniel - hearing held 3/3/14', 'good-certificate.doc')).toMatchObject({ disposition: 'accepted', codes: [] });
  });

  it('O-3/O-7: a company debtor’s order (.rtf) with the subject “Eastshore Diner” for “Eastshore Diner, Inc.” is accepted', async () => {
    expect(await send('13-30002 Eastshore Diner - expedited', 'good-colon-company.rtf')).toMatchObject({ disposition: 'accepted', codes: [] });
  });

  it('O-7: an order for a case that is not on file is rejected CASE_NOT_FOUND, not held for a clerk', async () => {
    const result = await send('13-39999 Daniel - request filed', 'good-paren-caption.docx');
    expect(result).toMatchObject({ disposition: 'rejected', codes: ['CASE_NOT_FOUND'] });
    expect(result.notices).toHaveLength(1);
    expect(result.notices[0]).toContain('Check the case number in the subject line');
  });

  it('O-5: the judge’s signature block, name and date line (.doc) are rejected with exactly those codes', async () => {
    const result = await send('13-30001 Daniel - request filed', 'bad-judge-block.doc');
    expect(result.disposition).toBe('rejected');
    expect([...result.codes].sort()).toEqual(['DATE_LINE', 'JUDGE_NAME', 'SIGNATURE_LINE']);
  });
});
