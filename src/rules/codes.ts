/**
 * The one registry of reason codes (SPEC.md). Notices, the JSON output, the database
 * and the clerks' digest all use these strings, so they are a public contract: add
 * codes freely, never rename or drop one.
 *
 * `kind` steers the outcome: a `defect` rejects the submission back to its sender, an
 * `exception` waits for a clerk, a `warning` travels with an outcome that goes ahead,
 * and `ignored` means no reply at all.
 */
export type CodeKind = 'defect' | 'exception' | 'warning' | 'ignored';

export interface CodeInfo {
  kind: CodeKind;
  /** Plain-language sentence for the sender or the clerk. */
  sentence: string;
  /** Where the rule comes from, as the court cites it. */
  citation: string;
  /** What the sender (or clerk) should do next. */
  next: string;
  /** Where one rule decides the same code differently (its kind, its next step), keyed by rule ID. */
  byRule?: Readonly<Record<string, Partial<Omit<CodeInfo, 'byRule'>>>>;
}

const PRISONER = 'Prisoner Electronic Filing Program order (D. Conn., June 22, 2016)';
const ECF14 = (x: string) => `ECF Procedure 14(${x})`;

export const CODES = {
  // ---- every message (I-rules)
  AUTO_REPLY: {
    kind: 'ignored',
    sentence: 'The message is an automatic reply, a delivery report, list mail or our own mail, so no reply is sent.',
    citation: 'RFC 3834',
    next: 'Nothing: the message is recorded and filed under Ignored.',
  },
  ATTACHMENT_UNREADABLE: {
    kind: 'defect',
    sentence: 'An attachment could not be read: it is corrupt, truncated, encrypted or password-protected.',
    citation: 'Administrative Procedures for Electronic Case Filing § 5',
    next: 'Send the document again as an ordinary file without a password.',
    // P-3: a prisoner's filing is filed when the facility stamped it. One whose reader
    // crashed or ran out of time or memory twice is not bounced (the prisoner could lose
    // that date): a clerk opens it, reads the stamp and the case, and dockets it.
    byRule: {
      'P-3': {
        kind: 'exception',
        sentence: 'A filing could not be processed safely by the automatic reader.',
        citation: `${PRISONER}; SPEC I-5`,
        next: 'A clerk opens the filing, reads the stamp and the case number, and dockets it or asks the facility to send it again.',
      },
    },
  },
  MALFORMED_MESSAGE: {
    kind: 'exception',
    sentence: 'The message itself could not be read as email (malformed MIME).',
    citation: 'SPEC I-5',
    next: 'A clerk looks at the raw message and decides what to do with it.',
  },
  MESSAGE_TOO_LARGE: {
    kind: 'exception',
    sentence: 'The message is larger than the intake accepts for automatic processing.',
    citation: 'SPEC I-6',
    next: 'A clerk looks at the message and dockets it by hand or asks the sender to split it.',
  },
  OVERSIZE: {
    kind: 'exception',
    sentence: 'A PDF is over 10 MB and cannot be split into parts of at most 10 MB.',
    citation: 'Administrative Procedures for Electronic Case Filing § 5',
    next: 'A clerk reduces or splits the document by hand.',
  },
  PRIVACY_IDENTIFIER: {
    kind: 'warning',
    sentence: 'The document appears to contain a personal data identifier (a full Social Security number, date of birth, financial account number or a minor’s name).',
    citation: 'Fed. R. Civ. P. 5.2; Fed. R. Bankr. P. 9037',
    next: 'Redaction is the filer’s duty: if the identifier is real, ask the court to seal or redact the document.',
  },
  SENDER_UNAUTHENTICATED: {
    kind: 'exception',
    sentence: 'The sender’s domain requires authentication (DMARC/SPF/DKIM) and the message did not pass.',
    citation: 'SPEC I-8',
    next: 'A clerk checks whether the message is genuine; no reply is sent to a possibly forged address.',
  },
  REPLY_RATE_LIMITED: {
    kind: 'warning',
    sentence: 'Too many automatic replies went to this address recently, so this reply was held back.',
    citation: 'SPEC I-3',
    next: 'A clerk can release the reply if the sender is genuine.',
  },
  PROCESSING_FAILED: {
    kind: 'exception',
    sentence: 'The message could not be processed after repeated attempts.',
    citation: 'SPEC I-1',
    next: 'A clerk looks at the message; it can be processed again with `court-intake retry`.',
  },

  // ---- prisoner filings (P-rules)
  SENDER_NOT_FACILITY: {
    kind: 'defect',
    sentence: 'Only the correctional facilities in the Prisoner Electronic Filing Program may file by email to this address.',
    citation: PRISONER,
    next: 'Mail the filing to the Clerk’s Office, or ask the facility’s staff to scan and send it.',
  },
  NO_PDF_ATTACHMENT: {
    kind: 'defect',
    sentence: 'The message has no PDF attachment, so there is nothing to file.',
    citation: PRISONER,
    next: 'Scan the date-stamped filing to PDF and send it as an attachment.',
  },
  NOT_PDF: {
    kind: 'defect',
    sentence: 'An attachment is not a PDF; prisoner filings must be scanned to PDF.',
    citation: PRISONER,
    next: 'Scan the document to PDF and send it again.',
  },
  STAMP_UNREADABLE: {
    kind: 'exception',
    sentence: 'The facility’s date stamp could not be read with confidence.',
    citation: PRISONER,
    next: 'A clerk reads the stamp and enters the filing date and time.',
  },
  STAMP_IMPLAUSIBLE: {
    kind: 'exception',
    sentence: 'The date stamp is later than the email’s arrival or older than the accepted limit.',
    citation: PRISONER,
    next: 'A clerk checks the stamp and enters the filing date and time.',
  },
  CASE_NOT_FOUND: {
    kind: 'exception',
    sentence: 'The case number does not match a case on file.',
    citation: 'SPEC P-5 / O-7',
    next: 'A clerk finds the right case.',
    // O-7: a proposed order names its case in the subject the attorney typed, so the
    // attorney corrects it; a prisoner's filing (P-5) waits for a clerk instead.
    byRule: { 'O-7': { kind: 'defect', citation: `${ECF14('e')}; SPEC O-7`, next: 'Check the case number in the subject line and send the order again.' } },
  },
  NEW_CASE: {
    kind: 'exception',
    sentence: 'No case number was found: the filing appears to start a new case.',
    citation: PRISONER,
    next: 'A clerk opens the case; docketing then completes with the stamp date.',
  },
  DUPLICATE_FILING: {
    kind: 'exception',
    sentence: 'The filing appears to have been sent before: the same PDF, or the same case, stamp date and time and number of pages as a docket entry already made, so it was not docketed again.',
    citation: `${PRISONER}, ¶¶ 2–4`,
    next: 'A clerk compares it with the docket entry named: if it is the same filing, close the exception as a duplicate (dismiss); if it really is a new filing, docket it anyway.',
  },

  // ---- proposed orders (O-rules), ECF Procedure 14
  SUBJECT_FORMAT: {
    kind: 'defect',
    sentence: 'The subject line does not follow the required form.',
    citation: ECF14('e'),
    next: 'Send the order again with a subject in one of the five forms shown below.',
  },
  NOT_WORD_FORMAT: {
    kind: 'defect',
    sentence: 'Proposed orders must be sent in a Word-compatible format (.docx, .doc or .rtf), not PDF.',
    citation: ECF14('a'),
    next: 'Attach the proposed order as a Word document and send it again.',
  },
  NO_ATTACHMENT: {
    kind: 'defect',
    sentence: 'No proposed order was attached.',
    citation: ECF14('a'),
    next: 'Attach the proposed order as a Word document and send it again.',
  },
  CAPTION_INCOMPLETE: {
    kind: 'defect',
    sentence: 'The order’s caption is incomplete (debtor name, case number and chapter are required).',
    citation: ECF14('b'),
    next: 'Complete the caption and send the order again.',
  },
  MOTION_REFERENCE_MISSING: {
    kind: 'defect',
    sentence: 'The order does not name the docket number of the motion or application it answers.',
    citation: ECF14('b'),
    next: 'Add the motion’s docket number (for example “ECF No. 42”) and send the order again.',
  },
  MOTION_NOT_ON_DOCKET: {
    kind: 'defect',
    sentence: 'The docket number the order names is not on this case’s docket.',
    citation: ECF14('b'),
    next: 'Correct the docket number and send the order again.',
  },
  SIGNATURE_LINE: {
    kind: 'defect',
    sentence: 'The order must not carry a signature line; the Court adds its own.',
    citation: ECF14('c'),
    next: 'Remove the signature line and send the order again.',
  },
  JUDGE_NAME: {
    kind: 'defect',
    sentence: 'The order must not carry the judge’s name; the Court adds it.',
    citation: ECF14('c'),
    next: 'Remove the judge’s name and send the order again.',
  },
  DATE_LINE: {
    kind: 'defect',
    sentence: 'The order must not carry a date line; the Court dates it.',
    citation: ECF14('c'),
    next: 'Remove the date line and send the order again.',
  },
  HEARING_TOO_SOON: {
    kind: 'defect',
    sentence: 'The proposed order arrived less than three days before the hearing.',
    citation: ECF14('e)(1') + '; Fed. R. Bankr. P. 9006(a)',
    next: 'Bring the proposed order to the hearing or contact chambers.',
  },
  HEARING_PASSED: {
    kind: 'defect',
    sentence: 'The hearing date in the subject has already passed.',
    citation: ECF14('e)(1'),
    next: 'If the hearing was held, send the order with the “hearing held” subject form.',
  },
  WRONG_JUDGE: {
    kind: 'defect',
    sentence: 'The case is not assigned to the judge whose mailbox received the order.',
    citation: ECF14('d'),
    next: 'Send the order to the assigned judge’s proposed-orders mailbox.',
  },
  DEBTOR_MISMATCH: {
    kind: 'defect',
    sentence: 'The debtor name in the subject does not match the case.',
    citation: ECF14('b'),
    next: 'Correct the subject line and send the order again.',
  },
  MATTER_NOT_FILED: {
    kind: 'defect',
    sentence: 'Ex parte and expedited orders must be sent the same day the matter is filed, and no matching filing was found today.',
    citation: ECF14('e)(4)–(5'),
    next: 'File the motion electronically first, then send the proposed order the same day.',
  },
  CERTIFICATE_OF_SERVICE_MISSING: {
    kind: 'defect',
    sentence: 'An order submitted after a hearing must carry a certificate of service.',
    citation: ECF14('e)(3'),
    next: 'Add the certificate of service and send the order again.',
  },
  DISCREPANCY_UNEXPLAINED: {
    kind: 'defect',
    sentence: 'The order differs from the proposed order filed with the motion, and the email does not explain why.',
    citation: ECF14('e)(2'),
    next: 'Explain the differences in the email, or send the order as filed.',
  },
  SENDER_NOT_FILER: {
    kind: 'defect',
    sentence: 'Only registered CM/ECF Filers may submit proposed orders, and the sending address is not on file.',
    citation: ECF14('d') + '; Administrative Procedures § 2',
    next: 'Send the order from the email address registered with your CM/ECF account.',
  },

  // ---- registration (R-rules)
  FORM_UNRECOGNIZED: {
    kind: 'defect',
    sentence: 'The attachment is not a recognised CM/ECF registration form (ECF Form No. 1, 1a or 2) in PDF.',
    citation: 'How To Obtain Electronic Filing Privileges for CM/ECF',
    next: 'Complete the right form, sign it and send it as a PDF.',
  },
  MISSING_FIELD: {
    kind: 'defect',
    sentence: 'A required field of the registration form is empty.',
    citation: 'Administrative Procedures for Electronic Case Filing § 2',
    next: 'Complete the field and send the form again.',
  },
  TYPED_SIGNATURE: {
    kind: 'defect',
    sentence: 'The form carries a typed or /s/ signature; a handwritten signature is required.',
    citation: 'Administrative Procedures for Electronic Case Filing § 2',
    next: 'Sign the form by hand, scan it and send it again.',
  },
  SIGNATURE_MISSING: {
    kind: 'defect',
    sentence: 'The form is not signed.',
    citation: 'Administrative Procedures for Electronic Case Filing § 2',
    next: 'Sign the form by hand, scan it and send it again.',
  },
  EXAM_MISSING: {
    kind: 'defect',
    sentence: 'Applicants new to CM/ECF must attach the completed CM/ECF exam.',
    citation: 'How To Obtain Electronic Filing Privileges for CM/ECF',
    next: 'Complete the exam and send it with the form.',
  },
  ALREADY_REGISTERED: {
    kind: 'defect',
    sentence: 'You already have a CM/ECF login with this court.',
    citation: 'NextGen CM/ECF notice (D. Conn.)',
    next: 'Do not register again: link your existing CM/ECF account to your PACER account.',
  },
  NOT_REGISTERED: {
    kind: 'defect',
    sentence: 'No CM/ECF Filer or User account with this court uses the email address this request comes from or names.',
    citation: 'Administrative Procedures for Electronic Case Filing § 2(b)',
    next: 'Write from the email address on file with the court, or give that address in the message together with the new one.',
  },
  EMAIL_IN_USE: {
    kind: 'defect',
    sentence: 'The new email address already belongs to another CM/ECF account with this court.',
    citation: 'Administrative Procedures for Electronic Case Filing § 2(b)',
    next: 'Choose an address that is not used by another account, or contact the Clerk’s Office.',
  },
  CONFIRMATION_INVALID: {
    kind: 'defect',
    sentence: 'The confirmation code is not valid: it is wrong, was already used, has expired, or came back from a different address than it was sent to.',
    citation: 'Administrative Procedures for Electronic Case Filing § 3',
    next: 'Reply from the address the code was sent to, within 7 days, or ask for the change again.',
  },
  PASSWORD_COMPROMISE: {
    kind: 'exception',
    sentence: 'A Filer or User reports that a CM/ECF password may be compromised.',
    citation: 'Administrative Procedures for Electronic Case Filing § 3',
    next: 'A clerk disables the password at once and contacts the account holder.',
  },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

/** A rule's decision: the data every notice, JSON line and digest is rendered from. */
export interface Finding {
  code: Code;
  /** The rule ID from SPEC.md (`P-2`, `I-5`, …). */
  rule: string;
  /** What exactly was wrong: the attachment, the offending text, the missing field. */
  detail?: string;
  /** Which attachment or part the finding is about, when it is about one. */
  attachment?: string;
}

export function codeInfo(code: Code): CodeInfo {
  return CODES[code];
}

/** The code's registry entry as the finding's own rule decides it (kind, citation, next step). */
export function findingInfo(f: Pick<Finding, 'code' | 'rule'>): CodeInfo {
  const info: CodeInfo = CODES[f.code];
  return { ...info, ...info.byRule?.[f.rule] };
}

export function isCode(s: string): s is Code {
  return Object.prototype.hasOwnProperty.call(CODES, s);
}
