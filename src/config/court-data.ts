/**
 * The court data file (CONTRACT.md): the court, its mailboxes, judges, facilities,
 * filers and cases. Validated once with zod; every problem is reported at once with the
 * file, the path inside it (`cases[3].judge`) and what is wrong.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { ConfigError, formatZodIssues } from './errors.ts';

const email = z.string().trim().toLowerCase().pipe(z.email());
const isoDateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)) && /T\d\d:\d\d/.test(s), {
  message: 'must be an ISO 8601 date and time with offset, e.g. 2016-06-01T09:00:00-04:00',
});
/** District `3:16-cv-01234`; bankruptcy `13-30001` (CONTRACT.md). */
const caseNumber = z.string().trim().regex(/^(\d:\d{2}-[a-z]{2}-\d{5}|\d{2}-\d{5})$/, {
  message: 'must be a district number like 3:16-cv-01234 or a bankruptcy number like 13-30001',
});

const mailbox = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'must be lower-case letters, digits and dashes' }),
  kind: z.enum(['clerk', 'registration', 'orders']),
  address: email,
  judge: z.string().optional(),
});

const judge = z.strictObject({ initials: z.string().regex(/^[A-Z]{2,4}$/), name: z.string().min(1) });

const sender = z.string().trim().toLowerCase().refine((s) => /^@[a-z0-9.-]+\.[a-z]{2,}$/.test(s) || z.email().safeParse(s).success, {
  message: 'must be an email address or "@domain"',
});

const facility = z.strictObject({
  code: z.string().min(1),
  name: z.string().min(1),
  senders: z.array(sender).min(1),
  nefAddress: email,
  authenticated: z.boolean().default(false),
  address: z.string().optional(),
});

const filer = z.strictObject({
  name: z.string().min(1),
  email,
  barNumber: z.string().optional(),
  role: z.enum(['filer', 'user']),
  firm: z.string().optional(),
});

const party = z.strictObject({
  name: z.string().min(1),
  role: z.string().min(1),
  email: email.optional(),
  address: z.string().optional(),
});

const document = z.strictObject({ description: z.string().min(1), file: z.string().min(1) });

const docketEntry = z.strictObject({
  number: z.number().int().positive(),
  filedAt: isoDateTime,
  text: z.string().min(1),
  filer: z.string().optional(),
  documents: z.array(document).optional(),
});

const courtCase = z.strictObject({
  number: caseNumber,
  court: z.enum(['district', 'bankruptcy']),
  title: z.string().min(1),
  nature: z.enum(['civil-rights', 'habeas']).optional(),
  judge: z.string().min(1),
  debtor: z.string().optional(),
  chapter: z.number().int().optional(),
  prisoner: z.strictObject({ name: z.string().min(1), inmateNumber: z.string().optional(), facility: z.string().min(1) }).optional(),
  parties: z.array(party).default([]),
  docket: z.array(docketEntry).default([]),
});

const courtDataSchema = z
  .strictObject({
    court: z.strictObject({
      name: z.string().min(1),
      timezone: z.string().refine(isTimeZone, { message: 'must be an IANA time zone such as America/New_York' }).default('America/New_York'),
      shortName: z.string().optional(),
    }),
    mailboxes: z.array(mailbox).min(1),
    judges: z.array(judge).default([]),
    facilities: z.array(facility).default([]),
    filers: z.array(filer).default([]),
    cases: z.array(courtCase).default([]),
  })
  .superRefine((data, ctx) => {
    const judges = new Set(data.judges.map((j) => j.initials));
    const facilities = new Set(data.facilities.map((f) => f.code));
    unique(data.mailboxes.map((m) => m.id), ['mailboxes'], 'id', ctx);
    unique(data.mailboxes.map((m) => m.address), ['mailboxes'], 'address', ctx);
    unique(data.cases.map((c) => c.number), ['cases'], 'number', ctx);
    data.mailboxes.forEach((m, i) => {
      if (m.kind === 'orders' && !m.judge) ctx.addIssue({ code: 'custom', path: ['mailboxes', i, 'judge'], message: 'an orders mailbox needs the judge’s initials' });
      if (m.judge && !judges.has(m.judge)) ctx.addIssue({ code: 'custom', path: ['mailboxes', i, 'judge'], message: `no judge with initials "${m.judge}" in judges` });
    });
    data.cases.forEach((c, i) => {
      if (c.court === 'district' && !/^\d:/.test(c.number)) ctx.addIssue({ code: 'custom', path: ['cases', i, 'number'], message: 'a district case number looks like 3:16-cv-01234' });
      if (c.court === 'bankruptcy' && /^\d:/.test(c.number)) ctx.addIssue({ code: 'custom', path: ['cases', i, 'number'], message: 'a bankruptcy case number looks like 13-30001' });
      if (c.prisoner && !facilities.has(c.prisoner.facility)) ctx.addIssue({ code: 'custom', path: ['cases', i, 'prisoner', 'facility'], message: `no facility with code "${c.prisoner.facility}" in facilities` });
      unique(c.docket.map((d) => String(d.number)), ['cases', i, 'docket'], 'number', ctx);
    });
  });

export type CourtData = z.infer<typeof courtDataSchema>;
export type CourtCase = CourtData['cases'][number];
export type Facility = CourtData['facilities'][number];

function unique(values: string[], path: (string | number)[], field: string, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) ctx.addIssue({ code: 'custom', path: [...path, i, field], message: `duplicate ${field} "${v}"` });
    seen.add(v);
  });
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export interface LoadedCourtData {
  file: string;
  /** Folder that document paths in the file are relative to. */
  baseDir: string;
  data: CourtData;
}

/** Reads and validates a court data file (YAML or JSON); throws ConfigError listing every problem. */
export function loadCourtData(file: string): LoadedCourtData {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [`cannot read the file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`]);
  }
  let raw: unknown;
  try {
    const doc = YAML.parseDocument(text, { prettyErrors: true });
    if (doc.errors.length) throw new ConfigError(file, doc.errors.map((e) => `not valid YAML/JSON: ${e.message.split('\n')[0]}`));
    raw = doc.toJS();
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(file, [`not valid YAML/JSON: ${String(err)}`]);
  }
  const parsed = courtDataSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(file, formatZodIssues(parsed.error));
  return { file: path, baseDir: dirname(path), data: deepFreeze(parsed.data) };
}

export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
