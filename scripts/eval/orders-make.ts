/**
 * Makes the proposed-orders corpus, eval/orders/: court.yaml, the documents on the
 * docket (docs/), mail/*.eml and manifest.json. Word files come from real tools:
 * LibreOffice converts flat ODF into .docx, .doc and .rtf (and PDF), and the `docx`
 * package writes .docx the way Word-like tools do. Run by hand where LibreOffice is
 * installed (apt-get install -y libreoffice-writer-nogui); the output is committed,
 * CI only reads it:
 *
 *   npx tsx scripts/eval/orders-make.ts
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';
import { libreOfficeConvert, seededRandom, writeManifest, type ManifestMessage, type Rng } from './lib-corpus.ts';
import { buildMessage, rfc5322Date, type MailAttachment } from './lib-mime.ts';
import { caption, certificateOfService, counselBlock, courtHeading, decree, JUDGE_ENDINGS, MATTERS, refText } from './orders-content.ts';
import { CASES, courtYaml, JUDGES, SENDERS, type CaseInfo } from './orders-court.ts';
import { p, toDocx, toFodt, type Block, type WordDoc } from './orders-doc.ts';
import { MESSAGES, type DocFormat, type DocSpec, type OrderMessage } from './orders-messages.ts';

const SEED = 1;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const AREA = join(ROOT, 'eval/orders');

export function orderBlocks(spec: DocSpec): WordDoc {
  const c: CaseInfo = CASES[spec.case];
  const judge = JUDGES.find((j) => j.initials === c.judge)!;
  const counsel = SENDERS[spec.counsel ?? 'wu'];
  const blocks: Block[] = [
    ...courtHeading(spec.division === false ? undefined : c.division),
    ...caption({
      style: spec.style,
      inRe: spec.inRe,
      debtor: spec.debtor ?? c.captionDebtor,
      label: spec.label ?? c.label,
      caseNo: spec.caseNo === undefined ? `Case No. ${c.number} (${c.judge})` : spec.caseNo,
      chapter: spec.chapter === undefined ? `Chapter ${c.chapter}` : spec.chapter,
      contested: spec.contested,
      underscore: spec.underscore,
      re: spec.re,
      chapterFirst: spec.chapterFirst,
      joinLines: spec.joinLines,
    }),
    ...decree(spec.matter, refText(spec.ref, spec.motion), spec.vars),
    ...(spec.extraParas ?? []).map((x) => p(x, 'justify')),
  ];
  for (const e of spec.endings ?? []) {
    if (e === 'prepared') blocks.push(...counselBlock(counsel, 'Prepared by:'));
    else if (e === 'submitted') blocks.push(...counselBlock(counsel, 'Submitted by:'));
    else if (e === 'movant') blocks.push(...counselBlock(counsel, 'THE MOVANT,'));
    else if (e === 'cos' || e === 'cos-plain')
      blocks.push(...certificateOfService(counsel, ['Chapter 13 Standing Trustee, 10 Columbus Boulevard, Hartford, CT 06106', 'Office of the United States Trustee, 150 Court Street, Room 302, New Haven, CT 06510', `${(spec.debtor ?? c.captionDebtor).join(' ').replace(/,$/, '')}, c/o counsel of record`], spec.cosDate ?? 'the date below', { heading: e === 'cos-plain' ? '' : spec.cosHeading }));
    else blocks.push(...JUDGE_ENDINGS[e]!(judge.name));
  }
  return { blocks: spec.typography ? blocks.map(typeset) : blocks, header: spec.header, footer: spec.footer, pageNumbers: spec.pageNumbers };
}

/** What Word's typography leaves in a caption and citations: U+2011, U+00A0 and U+00AD. */
function typesetText(t: string): string {
  return t
    .replace(/(\d{2})-(\d{5})/g, '$1\u2011$2')
    .replace(/\b(No\.|Chapter|Case|ECF|Doc\.) /g, '$1\u00a0')
    .replace(/Bankruptcy/g, 'Bank\u00adruptcy')
    .replace(/automatic/g, 'auto\u00admatic');
}
function typeset(b: Block): Block {
  if (b.kind === 'p') return { ...b, text: typesetText(b.text) };
  if (b.kind === 'table') return { ...b, rows: b.rows.map((r) => r.map((c) => c.map(typesetText))) };
  return b;
}

const EXT: Record<DocFormat, string> = { 'lo-docx': 'docx', 'lo-ooxml': 'docx', 'lo-doc': 'doc', 'lo-rtf': 'rtf', 'lo-odt': 'odt', 'js-docx': 'docx', 'js-split': 'docx', 'js-lo-doc': 'doc', 'js-lo-rtf': 'rtf', 'lo-pdf': 'pdf' };
/** LibreOffice's filter for each format it writes. */
const FILTER: Partial<Record<DocFormat, string>> = { 'lo-doc': 'doc:MS Word 97', 'js-lo-doc': 'doc:MS Word 97', 'lo-ooxml': 'docx:Office Open XML Text', 'js-lo-rtf': 'rtf' };

/** Renders every document, batching LibreOffice by target format. */
async function renderAll(jobs: { key: string; doc: WordDoc; format: DocFormat }[], rng: Rng): Promise<Map<string, Buffer>> {
  const work = join(tmpdir(), `eval-orders-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const out = new Map<string, Buffer>();
  const lo = new Map<string, { src: string; key: string }[]>();
  const queue = (fmt: string, src: string, key: string) => lo.set(fmt, [...(lo.get(fmt) ?? []), { src, key }]);
  for (const j of jobs) {
    if (j.format.startsWith('lo-')) {
      const src = join(work, `${j.key}.fodt`);
      writeFileSync(src, toFodt(j.doc));
      queue(FILTER[j.format] ?? EXT[j.format], src, j.key);
    } else {
      const bytes = await toDocx(j.doc, { splitRuns: j.format === 'js-split' ? rng : undefined });
      if (FILTER[j.format]) {
        const src = join(work, `${j.key}.docx`);
        writeFileSync(src, bytes);
        queue(FILTER[j.format]!, src, j.key);
      } else out.set(j.key, bytes);
    }
  }
  for (const [fmt, items] of lo) {
    const made = libreOfficeConvert(
      items.map((i) => i.src),
      fmt,
    );
    for (const i of items) {
      const path = made.get(i.src)!;
      out.set(i.key, readFileSync(path));
      rmSync(path);
    }
  }
  rmSync(work, { recursive: true, force: true });
  return out;
}

/** I-5: the order as it may arrive — cut off, empty, or password-protected (a LibreOffice + officecrypto fixture). */
function damaged(m: OrderMessage, bytes: Buffer): Buffer {
  if (m.damage === 'truncated') return bytes.subarray(0, Math.floor(bytes.length * 0.6));
  if (m.damage === 'empty') return Buffer.alloc(0);
  if (m.damage === 'encrypted') return readFileSync(join(ROOT, 'test/fixtures/word/encrypted.docx'));
  return bytes;
}

function mangled(m: OrderMessage, eml: Buffer): Buffer {
  if (m.mangle === 'lf-only') return Buffer.from(eml.toString('utf8').replace(/\r\n/g, '\n'));
  if (m.mangle === 'no-final-boundary') return Buffer.from(eml.toString('utf8').replace(/\r\n--[^\r\n]+--\r\n$/, '\r\n'));
  return eml;
}

function logoPng(): Buffer {
  const canvas = createCanvas(120, 40);
  const g = canvas.getContext('2d');
  g.fillStyle = '#1f3864';
  g.fillRect(0, 0, 120, 40);
  g.fillStyle = '#ffffff';
  g.font = 'bold 20px serif';
  g.fillText('K|B LLP', 12, 27);
  return canvas.toBuffer('image/png');
}

function motionDoc(title: string, c: CaseInfo, text: string): WordDoc {
  return { blocks: [...courtHeading(c.division), ...caption({ style: 'paren', debtor: c.captionDebtor, label: c.label, caseNo: `Case No. ${c.number} (${c.judge})`, chapter: `Chapter ${c.chapter}` }), p(`**${title}**`, 'center'), p(text, 'justify')] };
}

const FILENAMES = ['Proposed Order.{ext}', '{case} Proposed Order.{ext}', 'PO - {debtor}.{ext}', 'Order {matter}.{ext}', '{debtor} proposed order.{ext}', 'ProposedOrder_{case}.{ext}'];

function filenameFor(m: OrderMessage, rng: Rng, ext: string): string {
  if (m.filename) return m.filename;
  const c = CASES[m.doc!.case];
  const debtor = c.debtor.split(/[ ,]/)[0]!.replace(/[^A-Za-z'-]/g, '');
  const matter = MATTERS[m.doc!.matter]!.title.replace(/^ORDER\s+/, '').split(' ').slice(0, 3).map((w) => w[0] + w.slice(1).toLowerCase()).join(' ');
  return rng.pick(FILENAMES).replace('{ext}', ext).replace('{case}', c.number).replace('{debtor}', debtor).replace('{matter}', matter);
}

function bodyText(m: OrderMessage): string {
  if (m.text) return m.text;
  const s = SENDERS[m.sender];
  const c = m.doc ? CASES[m.doc.case] : undefined;
  const what = m.doc ? MATTERS[m.doc.matter]!.title.toLowerCase().replace(/^order/, 'order') : 'order';
  return `Dear Chambers,\n\nAttached please find a proposed ${what} in Word format${c ? ` in ${c.title}, Case No. ${c.number}` : ''}.\n\nThank you,\n\n${s.name}\n${s.firm}\n${s.street}\n${s.city}\n${s.phone}\n`;
}

/** O-6 as Fed. R. Bankr. P. 9006(a) counts backward, to check the corpus's own expectations. */
const HOLIDAYS = new Set(['2014-01-01', '2014-01-20', '2014-02-17', '2014-05-26', '2014-07-04', '2014-09-01', '2014-10-13', '2014-11-11', '2014-11-27', '2014-12-25', '2015-01-01', '2015-01-19']);
function deadline(hearing: string): string {
  const d = new Date(`${hearing}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 3);
  const closed = () => d.getUTCDay() === 0 || d.getUTCDay() === 6 || HOLIDAYS.has(d.toISOString().slice(0, 10));
  while (closed()) d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
function checkTiming(m: OrderMessage): void {
  const hm = m.subject.match(/hearing date\s+(.*)$/i);
  if (!hm || m.expect.codes.includes('SUBJECT_FORMAT')) return;
  const written = hm[1]!
    .replace(/^\w+day,\s*/i, '')
    .replace(/\s+at\s+.*$/i, '')
    .replace(/(\d)(?:st|nd|rd|th)\b/g, '$1')
    .replace(/^(\d+)-(\d+)-(\d+)$/, '$1/$2/$3');
  const parsed = new Date(`${written} 12:00 UTC`);
  if (Number.isNaN(parsed.getTime())) throw new Error(`${m.id}: cannot read the hearing date of “${m.subject}”`);
  let iso = parsed.toISOString().slice(0, 10);
  if (parsed.getUTCFullYear() < 2000) iso = `20${iso.slice(2)}`;
  const local = m.receivedAt.slice(0, 10);
  const code = local > iso ? 'HEARING_PASSED' : local > deadline(iso) ? 'HEARING_TOO_SOON' : null;
  const got = m.expect.codes.filter((c) => c.startsWith('HEARING_'));
  if ((code ? [code] : []).join() !== got.join()) throw new Error(`${m.id}: hearing ${iso}, deadline ${deadline(iso)}, arrival ${local}: expected ${code ?? 'no timing code'}, manifest says ${got.join() || 'none'}`);
}

async function main(): Promise<void> {
  const rng = seededRandom(SEED);
  rmSync(join(AREA, 'mail'), { recursive: true, force: true });
  rmSync(join(AREA, 'docs'), { recursive: true, force: true });
  mkdirSync(join(AREA, 'mail'), { recursive: true });
  mkdirSync(join(AREA, 'docs'), { recursive: true });
  writeFileSync(join(AREA, 'court.yaml'), courtYaml());

  for (const m of MESSAGES) checkTiming(m);

  // The documents on the docket: motions and the proposed orders attached to them (O-10).
  const byId = (id: string) => MESSAGES.find((m) => m.id === id)!.doc!;
  const docketJobs: { key: string; doc: WordDoc; format: DocFormat; file: string }[] = [
    { key: 'd-13-30001-42', file: 'docs/13-30001-42.pdf', format: 'lo-pdf', doc: motionDoc('MOTION FOR RELIEF FROM THE AUTOMATIC STAY', CASES.daniel, 'Wells Fargo Bank, N.A. moves under 11 U.S.C. § 362(d)(1) for relief from the automatic stay as to 42 Elm Street, Enfield, Connecticut, for want of adequate protection: the Debtor has missed five post-petition mortgage payments.') },
    { key: 'd-13-30001-42-1', file: 'docs/13-30001-42-1.pdf', format: 'lo-pdf', doc: orderBlocks(byId('o-001')) },
    { key: 'd-14-30112-23', file: 'docs/14-30112-23.pdf', format: 'lo-pdf', doc: motionDoc('MOTION TO AVOID JUDICIAL LIEN', CASES.danielJoint, 'The Debtors move under 11 U.S.C. § 522(f)(1)(A) to avoid the judicial lien of Capital One Bank (USA), N.A. on their residence, which impairs their homestead exemption.') },
    { key: 'd-14-30112-23-1', file: 'docs/14-30112-23-1.pdf', format: 'lo-pdf', doc: orderBlocks(byId('o-003')) },
    { key: 'd-14-21004-40', file: 'docs/14-21004-40.pdf', format: 'lo-pdf', doc: motionDoc('APPLICATION TO EMPLOY COUNSEL', CASES.lakeside, 'The Debtor applies under 11 U.S.C. § 327(a) to employ Kaplan Barnes LLP as its general bankruptcy counsel.') },
    { key: 'd-14-21004-40-1', file: 'docs/14-21004-40-1.docx', format: 'lo-docx', doc: orderBlocks(byId('o-006')) },
  ];
  const orderJobs = MESSAGES.filter((m) => m.doc).map((m) => ({ key: m.id, doc: orderBlocks(m.doc!), format: m.format! }));
  const copies = MESSAGES.filter((m) => m.pdfCopy).map((m) => ({ key: `${m.id}-copy`, doc: orderBlocks(m.doc!), format: 'lo-pdf' as DocFormat }));
  const rendered = await renderAll([...docketJobs, ...orderJobs, ...copies], rng);
  for (const d of docketJobs) writeFileSync(join(AREA, d.file), rendered.get(d.key)!);

  const logo = logoPng();
  const exhibit = await toDocx({ blocks: [p('**EXHIBIT A**', 'center'), p('**Thirteen-Week Cash Collateral Budget**', 'center'), { kind: 'table', borders: true, rows: [[['Week'], ['Receipts'], ['Disbursements']], [['1'], ['$18,200.00'], ['$16,950.00']], [['2'], ['$17,800.00'], ['$17,100.00']], [['3'], ['$19,050.00'], ['$16,400.00']]] }] });
  const manifest: ManifestMessage[] = [];
  for (const m of MESSAGES) {
    const sender = SENDERS[m.sender];
    const c = m.doc ? CASES[m.doc.case] : undefined;
    const mailbox = m.mailbox ?? JUDGES.find((j) => j.initials === (c?.judge ?? 'JAM'))!.mailbox;
    const judge = JUDGES.find((j) => j.mailbox === mailbox)!;
    const attachments: MailAttachment[] = [];
    if (m.doc) {
      const ext = m.pdfNamedDocx ? 'docx' : EXT[m.format!];
      const filename = filenameFor(m, rng, ext);
      attachments.push({ filename, bytes: damaged(m, rendered.get(m.id)!), rfc2231: m.rfc2231, rfc2047: m.rfc2047, unwrapped: m.unwrapped, nameOnly: m.nameOnly, contentType: m.pdfNamedDocx ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : m.contentType });
      if (m.pdfCopy) attachments.push({ filename: filename.replace(/\.\w+$/, '.pdf'), bytes: rendered.get(`${m.id}-copy`)! });
      if (m.exhibitFirst) attachments.unshift({ filename: 'Exhibit A - Budget.docx', bytes: exhibit });
    }
    if (m.forwardedFrom) {
      // "Forward as attachment": the original message, with the order, inside this one.
      const inner = SENDERS[m.forwardedFrom];
      const original = buildMessage({ client: inner.client, from: `${inner.name} <${inner.address}>`, to: `${sender.name} <${sender.address}>`, subject: m.subject, date: rfc5322Date(m.receivedAt.replace(/T(\d\d)/, (_, h: string) => `T${String(Math.max(0, Number(h) - 1)).padStart(2, '0')}`)), text: 'Attorney Wu — the proposed order is attached for your review before it goes to chambers.', attachments: attachments.splice(0) }, rng);
      attachments.push({ filename: `${m.subject}.eml`, bytes: original, message: true });
    }
    const sent = new Date(new Date(m.receivedAt).getTime() - rng.int(20, 180) * 1000);
    const offset = m.receivedAt.slice(-6);
    const local = new Date(sent.getTime() + (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4))) * 60000);
    const sentIso = local.toISOString().slice(0, 19) + offset;
    const eml = buildMessage(
      {
        client: m.client ?? sender.client,
        from: m.fromHeader ?? `${sender.name} <${sender.address}>`,
        to: `${judge.name.replace(/\s\w\.\s/, ' ')} Orders <${judge.address}>`,
        subject: m.subject,
        date: rfc5322Date(sentIso),
        text: bodyText(m),
        attachments,
        inlineLogo: m.inlineLogo ? logo : undefined,
        htmlOnly: m.htmlOnly,
        windows1252: m.windows1252,
        headers: [['Received', `from ${sender.address.split('@')[1]} (mail.${sender.address.split('@')[1]} [198.51.100.${rng.int(2, 250)}]) by mx1.ctb.example.org with ESMTPS id ${rng.hex(10).toUpperCase()}; ${rfc5322Date(m.receivedAt)}`], ...(m.headers ?? [])],
      },
      rng,
    );
    const file = `mail/${m.id}.eml`;
    writeFileSync(join(AREA, file), mangled(m, eml));
    manifest.push({ id: m.id, file, mailbox, receivedAt: m.receivedAt, family: m.family, note: m.note, expect: m.expect });
  }
  // Mail reaches a mailbox in time order, and one store sees it so (O-8, O-10, rate limits).
  manifest.sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || a.id.localeCompare(b.id));
  writeManifest(AREA, { area: 'orders', seed: SEED, messages: manifest });
  process.stdout.write(`eval/orders: ${manifest.length} messages, ${docketJobs.length} docket documents\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
    process.exit(1);
  });
}
