/** Recognising messages from the sender's own words, and the one-time codes. */
import { describe, expect, it } from 'vitest';
import { addressesIn, codeHash, codesIn, newConfirmationCode, ownWords, recognizeRequest, statedNewAddress } from '../../src/registration/requests.ts';

describe('registration mailbox requests', () => {
  it.each([
    ['Compromised password', 'Hello, I think my CM/ECF password was compromised yesterday.'],
    ['', 'Our office computer was hacked and my ECF login credentials may have been stolen.'],
    ['URGENT - ECF account', 'Someone else has used my account to file a document I never filed.'],
    ['Possible password breach', 'Please disable my login.'],
    ['Suspicious activity', 'I received NEFs for filings I did not make: unauthorized filings under my name.'],
  ])('R-7: "%s" / "%s" is a password-compromise report', (subject, body) => {
    expect(recognizeRequest(subject, body)).toBe('password-compromise');
  });

  it.each([
    ['Change of email address', 'Please update my email address to jane@newfirm.example.com.'],
    ['', 'I have moved firms. My new e-mail address is jroe@other.example.com.'],
    ['Email update', 'Kindly change the e-mail on my CM/ECF account.'],
    ['Re: my account', 'My email address has changed; please use this one from now on.'],
  ])('R-6: "%s" / "%s" asks to change the email address', (subject, body) => {
    expect(recognizeRequest(subject, body)).toBe('email-change');
  });

  it.each([
    ['CM/ECF registration', 'Attached are my ECF Form No. 1 and the exam. Thank you.'],
    ['Form 2', 'Please find my User registration form attached. My email is claims@creditor.example.com.'],
    ['Question', 'How long does approval take?'],
  ])('R-1: "%s" / "%s" is neither request', (subject, body) => {
    expect(recognizeRequest(subject, body)).toBeNull();
  });

  it('R-6: quoted earlier mail does not count as the sender’s own words', () => {
    const body = 'Thanks, see attached form.\n\nOn Mon, Jun 6, 2016 at 9:00 AM Clerk <x@y.example.org> wrote:\n> Your password may have been compromised if you clicked the link.\n';
    expect(ownWords(body)).not.toContain('compromised');
    expect(recognizeRequest('Re: notice', body)).toBeNull();
  });

  it('R-6: the new address is the one written after "to" or "new", not the one after "from"', () => {
    const subject = 'Email change';
    const body = 'Please change my email from alee@lawfirm.example.com to ann@newfirm.example.com. Thanks';
    const cands = addressesIn(subject, body);
    expect(cands).toEqual(['alee@lawfirm.example.com', 'ann@newfirm.example.com']);
    expect(statedNewAddress(subject, body, cands)).toBe('ann@newfirm.example.com');
  });

  it('R-6: confirmation codes are random, well formed, found in subjects and quotes, and compared by hash without case', () => {
    const a = newConfirmationCode();
    const b = newConfirmationCode();
    expect(a).toMatch(/^ECF-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(a).not.toBe(b);
    expect(codesIn(`Re: Confirm email address change ${a}`, `ok\n> Confirmation code: ${a}\n`)).toEqual([a]);
    expect(codesIn('Case 2016-2017 memo', 'no code here 1234-5678')).toEqual([]);
    expect(codeHash(a.toLowerCase())).toBe(codeHash(a));
  });
});
