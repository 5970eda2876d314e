/**
 * R-3 on scanned registration forms whose signature block is laid out otherwise: the
 * printed name typed under the line or beside it, the date typed beside the line, the
 * "Signature" label above the line. Typed text near the line is not the signature; the
 * pen strokes on the line are (test/support/reg-signature-blocks.ts).
 */
import { describe, expect, it } from 'vitest';
import { useFormReader } from '../support/reg-forms.ts';
import { scannedSignatureBlock, type Pen, type SignatureBlock, type SignedWith } from '../support/reg-signature-blocks.ts';

const { once } = useFormReader();
const form = (block: SignatureBlock, signed: SignedWith, pen?: Pen) => once(`${block}-${signed}-${JSON.stringify(pen ?? {})}`, () => scannedSignatureBlock(block, signed, { pen }));
// A fine blue ballpoint, pressed lightly: pale and broken in the scan.
const PALE: Pen = { height: 18, width: 110, thickness: 0.7, color: [0.45, 0.55, 0.85] };

describe('scanned signature blocks (R-3)', () => {
  const wet: [string, SignatureBlock, Pen | undefined][] = [
    ['with the printed name typed under the line', 'name-under', undefined],
    ['with the printed name typed beside the line', 'name-beside', undefined],
    ['with the date typed beside the line', 'date-beside', undefined],
    ['with the "Signature of Applicant:" label above the line', 'label-above', undefined],
    ['in a pale, fine blue pen, with the printed name under the line', 'name-under', PALE],
    ['in a pale, fine blue pen, with the label above the line', 'label-above', PALE],
  ];
  it.each(wet)('R-3: a pen signature on the line %s is a wet signature', async (_what, block, pen) => {
    const r = await form(block, 'pen', pen);
    expect(r.form?.kind).toBe('filer');
    expect(r.form!.signature.kind).toBe('wet');
  });

  const typed: [string, SignatureBlock, SignedWith][] = [
    ['a typed name on the line, the printed name under it', 'name-under', 'typed'],
    ['"/s/ Jane Roe" on the line, "Printed Name:" beside it', 'name-beside', 'slash-s'],
    ['a typed name on the line with the label above it', 'label-above', 'typed'],
    ['a typed name on the line, the date beside it', 'date-beside', 'typed'],
  ];
  it.each(typed)('R-3: %s is TYPED_SIGNATURE (typed), not wet', async (_what, block, signed) => {
    expect((await form(block, signed)).form!.signature.kind).toBe('typed');
  });

  const blank: [string, SignatureBlock][] = [
    ['the printed name under it', 'name-under'],
    ['"Printed Name: Jane Roe" beside it', 'name-beside'],
    ['the label above it and the date beside it', 'label-above'],
  ];
  it.each(blank)('R-3: an empty line with %s is SIGNATURE_MISSING (none): the printed text is not a signature', async (_what, block) => {
    expect((await form(block, 'none')).form!.signature.kind).toBe('none');
  });
});
