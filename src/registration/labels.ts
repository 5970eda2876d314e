/**
 * The words forms use for their fields, and matching them tolerantly: forms made by
 * different people say "Name", "Full Name" or "Attorney Name", "E-mail" or "Email
 * Address", "Bar No." or "Juris No.", and OCR misreads letters ("Narne", "E-rnail").
 */
import { levenshtein } from '../rules/edit-distance.ts';

export { levenshtein };

export type FieldKey = 'name' | 'firm' | 'address' | 'addressMore' | 'city' | 'state' | 'zip' | 'telephone' | 'email' | 'barNumber' | 'pacerUsername';

/** The parts of a mailing address asked for one by one ("City", "State", "Zip"). */
export const ADDRESS_PARTS: readonly LabelKey[] = ['address', 'addressMore', 'city', 'state', 'zip'];

/** Labels of fields we do not read, which still end the value before them. */
export type OtherKey = 'other';

export type LabelKey = FieldKey | OtherKey;

/** Each label as a key: lower case, letters and digits, single spaces (see `labelKey`). */
export const LABELS: Record<LabelKey, string[]> = {
  name: [
    'name', 'full name', 'attorney name', 'name of attorney', 'applicant name', 'applicants name', 'name of applicant',
    'filer name', 'name of filer', 'name of user', 'printed name', 'print name', 'name print', 'name please print',
    'your name', 'contact name', 'attorney', 'applicant', 'name first middle last', 'name first mi last',
    'name last first mi', 'name last first middle', 'attorney full name', 'name of individual', 'registrant name',
    'name of registrant', 'trustee name', 'full legal name', 'typed name',
  ],
  firm: [
    'firm', 'firm name', 'law firm', 'law firm name', 'name of firm', 'name of law firm', 'organization', 'organisation',
    'organization name', 'company', 'company name', 'employer', 'agency', 'firm or agency', 'firm agency',
    'firm organization', 'firm or organization', 'entity', 'entity name', 'creditor name', 'name of creditor',
    'name of organization', 'business name', 'firm name if applicable', 'law office', 'office name',
  ],
  address: [
    'address', 'mailing address', 'office address', 'business address', 'street address', 'firm address', 'street',
    'address line 1', 'address 1', 'mailing address street', 'office mailing address', 'complete mailing address',
    'address street', 'street and number', 'work address', 'postal address',
  ],
  addressMore: [
    'city state zip', 'city state zip code', 'city state and zip', 'city state and zip code', 'address line 2', 'address 2',
    'city state', 'suite', 'city state postal code', 'city town state zip', 'address continued', 'street address line 2',
  ],
  city: ['city', 'town', 'city or town', 'city town'],
  state: ['state', 'state province'],
  zip: ['zip', 'zip code', 'zipcode', 'postal code', 'zip postal code'],
  telephone: [
    'telephone', 'telephone no', 'telephone number', 'phone', 'phone no', 'phone number', 'tel', 'tel no', 'office phone',
    'business phone', 'work phone', 'office telephone', 'business telephone', 'telephone including area code',
    'phone including area code', 'daytime telephone', 'daytime phone', 'office telephone number', 'telephone no including area code',
  ],
  email: [
    'email', 'email address', 'internet email address', 'internet email', 'primary email', 'primary email address',
    'email address for notices', 'business email', 'office email', 'email for electronic notice', 'electronic mail address',
    'your email address', 'attorney email', 'email address primary',
  ],
  barNumber: [
    'bar number', 'bar no', 'bar id', 'bar', 'federal bar number', 'federal bar no', 'federal bar id', 'ct bar number',
    'state bar number', 'state bar no', 'bar registration number', 'juris no', 'juris number', 'attorney bar number',
    'bar number and state', 'bar no and state', 'attorney id', 'attorney id number', 'bar admission number',
    'ct federal bar no', 'ct federal bar number', 'ct juris no', 'federal bar', 'bar id number', 'attorney bar no',
    'state and bar number', 'bar number state', 'connecticut juris no', 'connecticut juris number', 'attorney registration number',
    'state bar no', 'state bar number', 'state bar no and state', 'state bar number and state', 'bar no and state of admission',
    'bar number and state of admission', 'state of admission and bar number', 'bar id and state', 'juris no or bar no',
    'ct juris number', 'juris', 'bar admission no', 'attorney bar id', 'bar registration no', 'state bar id',
  ],
  pacerUsername: [
    'pacer username', 'pacer user name', 'pacer login', 'pacer login id', 'pacer account', 'pacer account username',
    'pacer user id', 'pacer id', 'pacer account number', 'pacer login name', 'pacer account login', 'individual pacer username',
    'upgraded pacer username', 'pacer username login',
  ],
  other: [
    'date', 'fax', 'fax no', 'fax number', 'facsimile', 'cell', 'cell phone', 'mobile', 'signature', 'signature of applicant',
    'signature of attorney', 'title', 'position', 'secondary email', 'secondary email address', 'additional email',
    'additional email addresses', 'date of birth', 'last 4 digits of ssn', 'county', 'case number', 'case no',
    'dated', 'name of court', 'court', 'which court', 'if yes which court', 'if yes name of court', 'country',
  ],
};

/** A label compared as a key: lower case, accents, punctuation and parentheses removed. */
export function labelKey(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`']/g, '')
    .replace(/e\s*-\s*mail/g, 'email')
    .replace(/&/g, ' and ')
    .replace(/#/g, ' number ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Letters OCR confuses, folded to one form on both sides before comparing. */
export function ocrFold(s: string): string {
  return s.replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/[0]/g, 'o').replace(/[1|!]/g, 'l').replace(/5/g, 's').replace(/cl/g, 'd');
}

/** `key` (a labelKey) read as `target`, allowing OCR slips in longer words. */
export function similar(key: string, target: string, fuzzy: boolean): boolean {
  if (key === target) return true;
  if (!fuzzy) return false;
  const a = ocrFold(key);
  const b = ocrFold(target);
  if (a === b) return true;
  const allowed = b.length >= 12 ? 2 : b.length >= 6 ? 1 : 0;
  return allowed > 0 && Math.abs(a.length - b.length) <= allowed && levenshtein(a, b) <= allowed;
}

const BY_KEY = new Map<string, LabelKey>();
for (const [k, list] of Object.entries(LABELS) as Array<[LabelKey, string[]]>) for (const l of list) BY_KEY.set(l, k);
const ALL = [...BY_KEY.keys()];

/** Which field a label names (whole key), or undefined. `fuzzy` for OCR text. */
export function matchLabel(text: string, fuzzy = false): LabelKey | undefined {
  // "Name (print)", "Telephone (incl. area code)": the parenthesis is part of the label.
  const key = labelKey(text);
  if (!key) return undefined;
  const exact = BY_KEY.get(key);
  if (exact) return exact;
  const bare = labelKey(text.replace(/\([^)]*\)?/g, ' '));
  if (bare && BY_KEY.get(bare)) return BY_KEY.get(bare);
  if (fuzzy) for (const l of ALL) if (similar(key, l, true) || (bare && similar(bare, l, true))) return BY_KEY.get(l);
  return alternatives(text, fuzzy);
}

/**
 * A label that names one field in several words joined by slashes: "Name of
 * Firm/Organization", "Street Address / City / State / Zip". Each part must be a label; the
 * first part names the field, and parts of an address make the address.
 */
function alternatives(text: string, fuzzy: boolean): LabelKey | undefined {
  const parts = text.split(/\s*\/\s*/).filter((x) => labelKey(x));
  if (parts.length < 2 || parts.length > 5) return undefined;
  // "Name of Firm/Organization": the words before the slashed one carry over ("Name of Organization").
  const head = parts[0]!.split(/\s+/);
  const keys: LabelKey[] = [];
  for (const [i, part] of parts.entries()) {
    let k = matchLabel(part, fuzzy);
    if (!k && i > 0 && head.length > 1) k = matchLabel([...head.slice(0, -1), part].join(' '), fuzzy);
    if (!k) return undefined;
    keys.push(k);
  }
  if (keys.every((k) => ADDRESS_PARTS.includes(k))) return keys[0] === 'address' ? 'address' : 'addressMore';
  return keys[0] === 'other' && keys.some((k) => k !== 'other') ? keys.find((k) => k !== 'other') : keys[0];
}

/**
 * The field an AcroForm field's name or tooltip describes: `attorneyEmail`,
 * `topmostSubform[0].Page1[0].Bar_No[0]`, `Text1` (nothing). The longest vocabulary label
 * whose words all occur in the name wins ("firm name" over "name").
 */
export function matchFieldName(name: string): LabelKey | undefined {
  const last = name.split('.').pop() ?? name;
  const words = labelKey(last.replace(/\[\d+\]/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' '))
    .split(' ')
    .filter((w) => w && !/^\d+$/.test(w) && !['txt', 'text', 'fld', 'field', 'tf', 'form'].includes(w));
  if (!words.length) return undefined;
  const joined = words.join('');
  let best: { key: LabelKey; len: number } | undefined;
  for (const l of ALL) {
    const parts = l.split(' ');
    const ok = parts.every((p) => words.includes(p)) || l.replace(/ /g, '') === joined;
    if (ok && (!best || l.length > best.len)) best = { key: BY_KEY.get(l)!, len: l.length };
  }
  return best?.key;
}
