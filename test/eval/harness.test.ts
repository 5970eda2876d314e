/** How the evaluation harness scores one result against the manifest's expectation. */
import { describe, expect, it } from 'vitest';
import { compare, selectMessages, type ManifestMessage } from '../../bench/eval.ts';

const filing = (over: Partial<{ disposition: string; codes: string[]; caseNumber: string | null; filedAt: string | null }> = {}) => ({
  disposition: 'docketed',
  codes: [] as string[],
  caseNumber: '3:16-cv-01234',
  filedAt: '2016-06-22T10:32:00-04:00',
  ...over,
});

describe('the evaluation harness', () => {
  it('P-3: the same outcome is exact, codes compared as a set and the filed time as an instant written the same way', () => {
    const got = { disposition: 'docketed', codes: ['PRIVACY_IDENTIFIER', 'PRIVACY_IDENTIFIER'], filings: [filing({ filedAt: '2016-06-22T10:32:00.000-04:00' })] };
    const r = compare({ disposition: 'docketed', codes: ['PRIVACY_IDENTIFIER'], filings: [filing()] }, got);
    expect(r).toEqual({ differences: [], wrongFiledDates: 0 });
  });

  it('P-4: a docketed filing with a date other than the stamp’s counts as a wrong filed date', () => {
    const r = compare({ filings: [filing()] }, { disposition: 'docketed', codes: [], filings: [filing({ filedAt: '2016-06-21T10:32:00-04:00' })] });
    expect(r.wrongFiledDates).toBe(1);
    expect(r.differences).toEqual(['filing 1 filed 2016-06-21T10:32:00-04:00 (expected 2016-06-22T10:32:00-04:00)']);
  });

  it('P-4: a filing docketed where a clerk had to decide counts as a wrong filed date', () => {
    const r = compare({ disposition: 'exception', filings: [{ disposition: 'exception', codes: ['STAMP_UNREADABLE'], filedAt: null }] }, { disposition: 'docketed', codes: [], filings: [filing()] });
    expect(r.wrongFiledDates).toBe(1);
    expect(r.differences).toHaveLength(4);
  });

  it('O-12: a missing or extra code is a miss, and keys the manifest leaves out are not compared', () => {
    expect(compare({ disposition: 'rejected', codes: ['SIGNATURE_LINE'] }, { disposition: 'rejected', codes: ['SIGNATURE_LINE', 'JUDGE_NAME'], filings: [] }).differences).toEqual(['codes [SIGNATURE_LINE, JUDGE_NAME] (expected [SIGNATURE_LINE])']);
    expect(compare({ disposition: 'rejected' }, { disposition: 'rejected', codes: ['SUBJECT_FORMAT'], filings: [] }).differences).toEqual([]);
  });

  it('eval slice: the first message of every family, in manifest order', () => {
    const m = (id: string, family: string): ManifestMessage => ({ id, family, file: `mail/${id}.eml`, mailbox: 'orders-jam', receivedAt: '2014-03-10T10:00:00-04:00', note: '', expect: {} });
    const manifest = { area: 'orders', seed: 1, messages: [m('o-1', 'a'), m('o-2', 'b'), m('o-3', 'a'), m('o-4', 'c')] };
    expect(selectMessages(manifest, { familiesFirst: true }).map((x) => x.id)).toEqual(['o-1', 'o-2', 'o-4']);
    expect(selectMessages(manifest, { only: ['o-3', 'o-4'], familiesFirst: true }).map((x) => x.id)).toEqual(['o-3', 'o-4']);
  });

  it('P-9: a resend in the slice brings its original along, so the slice sees what the mailbox saw', () => {
    const m = (id: string, family: string, after?: string[]): ManifestMessage => ({ id, family, file: `mail/${id}.eml`, mailbox: 'clerk', receivedAt: '2017-06-22T10:00:00-04:00', note: '', ...(after ? { after } : {}), expect: {} });
    const manifest = { area: 'filings', seed: 1, messages: [m('f-1', 'dup-original'), m('f-2', 'dup-original'), m('f-3', 'dup-rescanned', ['f-2']), m('f-4', 'scan')] };
    expect(selectMessages(manifest, { familiesFirst: true }).map((x) => x.id)).toEqual(['f-1', 'f-2', 'f-3', 'f-4']);
    expect(selectMessages(manifest, { only: ['f-3'] }).map((x) => x.id)).toEqual(['f-2', 'f-3']);
  });
});
