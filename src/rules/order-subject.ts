/**
 * O-1 subject lines: `<case number> <debtor name> - <category>`, e.g.
 * `13-30001 Daniel - hearing date March 15, 2014` (ECF Procedure 14(e)).
 */
export const ORDER_CATEGORIES = ['hearing date', 'request filed', 'hearing held', 'ex parte', 'expedited'] as const;
export type OrderCategory = (typeof ORDER_CATEGORIES)[number];

export const SUBJECT_FORMS = [
  '13-30001 Daniel - hearing date March 15, 2014',
  '13-30001 Daniel - request filed',
  '13-30001 Daniel - hearing held 12/1/13',
  '13-30001 Daniel - ex parte',
  '13-30001 Daniel - expedited',
];

export interface OrderSubject {
  caseNumber: string;
  debtor: string;
  category: OrderCategory;
  /** The date text after `hearing date` / `hearing held`, as written. */
  dateText?: string;
}

const RE = /^\s*(?:(?:re|fwd?|aw)\s*:\s*)*(\d:\d{2}-bk-\d{3,5}|\d{2}-\d{3,5})\s+(.+?)\s*[-–—]+\s*(hearing\s+date|request\s+filed|hearing\s+held|ex\s*parte|expedited)\b\s*(.*?)\s*$/i;

export function parseOrderSubject(subject: string): OrderSubject | null {
  const m = subject.replace(/\s+/g, ' ').match(RE);
  if (!m) return null;
  const category = m[3]!.toLowerCase().replace(/\s+/g, ' ').replace('exparte', 'ex parte') as OrderCategory;
  const bk = m[1]!.match(/^\d:(\d{2})-bk-(\d+)$/);
  const caseNumber = bk ? `${bk[1]}-${bk[2]!.padStart(5, '0')}` : m[1]!;
  return { caseNumber, debtor: m[2]!.trim(), category, dateText: m[4] || undefined };
}
