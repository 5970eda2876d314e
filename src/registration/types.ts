/**
 * What the registration mailbox reads out of an emailed PDF (SPEC §5, R-1..R-4). The
 * reader (read-form.ts) produces these; the rules (src/mailboxes/registration.ts) judge
 * them. Kept apart so the rules never depend on how a value was found (form field, text
 * layer or OCR).
 */

/** ECF Form No. 1 (Filer), No. 1a (Pro Hac Vice Filer), No. 2 (User). */
export type FormKind = 'filer' | 'pro-hac-vice' | 'user';

export const FORM_TITLES: Record<FormKind, string> = {
  filer: 'ECF Form No. 1 (Filer Registration)',
  'pro-hac-vice': 'ECF Form No. 1a (Pro Hac Vice Filer Registration)',
  user: 'ECF Form No. 2 (User Registration)',
};

/** Where the values came from: filled form fields, the text layer, or OCR of a scan. */
export type ReadSource = 'acroform' | 'text' | 'ocr';

export interface FormFields {
  name: string | null;
  firm: string | null;
  /** Mailing address, lines joined with ', '. */
  address: string | null;
  telephone: string | null;
  email: string | null;
  /** Filers: bar number (e.g. `ct12345`, `NY 1234567`). */
  barNumber: string | null;
  /**
   * Filers: the declaration that the attorney is authorised to practise in this court.
   * true = affirmed (box checked, or the declaration printed with the signature and not
   * struck); false = a box left unchecked; null = the form has no such declaration.
   */
  declaration: boolean | null;
  pacerUsername: string | null;
  /**
   * The form states CM/ECF privileges already granted by another court (R-4: no exam
   * needed): the court's name as written, or 'yes' when only a box says so; null when not.
   */
  otherCourt: string | null;
}

export type SignatureKind = 'wet' | 'typed' | 'none';

export interface SignatureReading {
  kind: SignatureKind;
  /** 1-based page of the signature area. */
  page: number;
  /** Why: e.g. 'pen strokes in the signature area', '"/s/ Jane Roe" typed on the line'. */
  detail: string;
}

export interface FormReading {
  kind: FormKind;
  /** The title as read from the document. */
  title: string;
  source: ReadSource;
  fields: FormFields;
  signature: SignatureReading;
}

export interface ExamReading {
  /** Every question answered. */
  complete: boolean;
  answered: number;
  questions: number;
  /** 1-based pages of the PDF that hold the exam. */
  pages: number[];
}

/** One emailed PDF: a form, an exam, both (the exam as further pages), or neither. */
export interface RegistrationPdfReading {
  filename: string;
  form: FormReading | null;
  exam: ExamReading | null;
  /** Pages read by OCR (scans), for the record. */
  ocrPages: number[];
}
