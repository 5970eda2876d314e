/**
 * The docket store. One schema for PostgreSQL and PGlite, migrated by drizzle-kit.
 * Idempotency lives here (STYLE habit 5): the unique constraints below are what make
 * I-2 hold when two workers race, not the queue's job ids.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
  toDriver: (v) => v,
});

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One row per distinct message per mailbox (I-2): the same bytes seen twice are one message. */
export const messages = pgTable(
  'messages',
  {
    id: serial('id').primaryKey(),
    mailboxId: text('mailbox_id').notNull(),
    /** SHA-256 of the message less its trace headers: a redelivery or second copy maps here. */
    dedupeKey: text('dedupe_key').notNull(),
    sha256: text('sha256').notNull(),
    messageId: text('message_id'),
    raw: bytea('raw').notNull(),
    size: integer('size').notNull(),
    arrivalAt: ts('arrival_at').notNull(),
    capturedAt: ts('captured_at').notNull().defaultNow(),
    fromAddress: text('from_address'),
    subject: text('subject'),
    /** captured → done | failed. `done` means the outcome and its replies are committed. */
    status: text('status').notNull().default('captured'),
    disposition: text('disposition'),
    codes: jsonb('codes').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** The JSON result of CONTRACT.md, kept so a duplicate answers exactly as the original. */
    result: jsonb('result').$type<Record<string, unknown>>(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    processedAt: ts('processed_at'),
  },
  (t) => [
    uniqueIndex('messages_mailbox_dedupe').on(t.mailboxId, t.dedupeKey),
    index('messages_status').on(t.status),
    index('messages_message_id').on(t.messageId),
  ],
);

/** Where a message was seen: IMAP (folder, UIDVALIDITY, UID) or a file. Several sources may share one message. */
export const messageSources = pgTable(
  'message_sources',
  {
    id: serial('id').primaryKey(),
    mailboxId: text('mailbox_id').notNull(),
    sourceRef: text('source_ref').notNull(),
    folder: text('folder').notNull(),
    uidValidity: text('uid_validity'),
    uid: bigint('uid', { mode: 'number' }),
    messagePk: integer('message_pk').notNull().references(() => messages.id),
    seenAt: ts('seen_at').notNull().defaultNow(),
    movedTo: text('moved_to'),
    movedAt: ts('moved_at'),
  },
  (t) => [uniqueIndex('message_sources_ref').on(t.mailboxId, t.sourceRef), index('message_sources_message').on(t.messagePk)],
);

/** The trail of every step a message went through (for clerks and audits). */
export const messageEvents = pgTable(
  'message_events',
  {
    id: serial('id').primaryKey(),
    messagePk: integer('message_pk').notNull().references(() => messages.id),
    at: ts('at').notNull().defaultNow(),
    step: text('step').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
  },
  (t) => [index('message_events_message').on(t.messagePk)],
);

export const judges = pgTable('judges', {
  initials: text('initials').primaryKey(),
  name: text('name').notNull(),
});

export const facilities = pgTable('facilities', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  senders: jsonb('senders').$type<string[]>().notNull(),
  nefAddress: text('nef_address').notNull(),
  authenticated: boolean('authenticated').notNull().default(false),
  address: text('address'),
});

/** Registered CM/ECF accounts: role `filer` (full rights) or `user` (limited). */
export const filers = pgTable(
  'filers',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    barNumber: text('bar_number'),
    role: text('role').notNull(),
    firm: text('firm'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('filers_email').on(t.email)],
);

export const cases = pgTable('cases', {
  number: text('number').primaryKey(),
  court: text('court').notNull(),
  title: text('title').notNull(),
  nature: text('nature'),
  judge: text('judge').notNull(),
  debtor: text('debtor'),
  chapter: integer('chapter'),
  prisonerName: text('prisoner_name'),
  prisonerNumber: text('prisoner_number'),
  facilityCode: text('facility_code'),
});

export const parties = pgTable(
  'parties',
  {
    id: serial('id').primaryKey(),
    caseNumber: text('case_number').notNull().references(() => cases.number),
    name: text('name').notNull(),
    role: text('role').notNull(),
    email: text('email'),
    address: text('address'),
  },
  (t) => [uniqueIndex('parties_case_name_role').on(t.caseNumber, t.name, t.role)],
);

/** A docket number is unique in its case: two filings racing for one number cannot both win. */
export const docketEntries = pgTable(
  'docket_entries',
  {
    id: serial('id').primaryKey(),
    caseNumber: text('case_number').notNull().references(() => cases.number),
    number: integer('number').notNull(),
    filedAt: ts('filed_at').notNull(),
    enteredAt: ts('entered_at').notNull(),
    text: text('text').notNull(),
    filer: text('filer'),
    messagePk: integer('message_pk').references(() => messages.id),
    /** Which attachment of the message this entry dockets; with messagePk it is unique (I-2). */
    attachmentKey: text('attachment_key'),
    /** SHA-256 of the PDF as it arrived, before any I-6 split: a resend of it is a duplicate (P-9). */
    sourceSha256: text('source_sha256'),
    /** Pages of that PDF: with the case and the stamp, what identifies a rescan (P-9). */
    pageCount: integer('page_count'),
  },
  (t) => [
    uniqueIndex('docket_entries_case_number').on(t.caseNumber, t.number),
    uniqueIndex('docket_entries_message_attachment').on(t.messagePk, t.attachmentKey),
    index('docket_entries_source_sha256').on(t.sourceSha256),
    index('docket_entries_case_filed').on(t.caseNumber, t.filedAt),
  ],
);

export const documents = pgTable(
  'documents',
  {
    id: serial('id').primaryKey(),
    docketEntryId: integer('docket_entry_id').references(() => docketEntries.id),
    messagePk: integer('message_pk').references(() => messages.id),
    /** 0 = main document, 1.. = attachments (I-6 split parts). */
    part: integer('part').notNull().default(0),
    description: text('description').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    bytes: bytea('bytes').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
  },
  (t) => [index('documents_entry').on(t.docketEntryId), index('documents_message').on(t.messagePk), index('documents_sha256').on(t.sha256)],
);

/**
 * Outgoing mail (N-5). Rendered once, in the transaction that commits the outcome, with
 * its Message-ID fixed then: a retry resends the identical message. One reply of a kind
 * per recipient per message (I-2).
 */
export const outbox = pgTable(
  'outbox',
  {
    id: serial('id').primaryKey(),
    messagePk: integer('message_pk').references(() => messages.id),
    kind: text('kind').notNull(),
    /** Distinguishes several replies of one kind to one message (e.g. one NEF per docket entry). */
    ref: text('ref').notNull().default(''),
    mailboxId: text('mailbox_id').notNull(),
    fromAddress: text('from_address').notNull(),
    toAddresses: jsonb('to_addresses').$type<string[]>().notNull(),
    recipientKey: text('recipient_key').notNull(),
    subject: text('subject').notNull(),
    messageIdHeader: text('message_id_header').notNull(),
    raw: bytea('raw').notNull(),
    /** pending → sending → sent | held (rate limit) | failed (gave up; a clerk sees it). */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    createdAt: ts('created_at').notNull().defaultNow(),
    sentAt: ts('sent_at'),
    lastError: text('last_error'),
    response: text('response'),
    /** File the reply was written to (directory delivery). */
    file: text('file'),
  },
  (t) => [
    uniqueIndex('outbox_once').on(t.messagePk, t.kind, t.ref, t.recipientKey),
    uniqueIndex('outbox_message_id').on(t.messageIdHeader),
    index('outbox_status').on(t.status, t.nextAttemptAt),
    index('outbox_recipient').on(t.recipientKey, t.createdAt),
  ],
);

/** Something a clerk must decide; never lost, listed in the digest until resolved. */
export const exceptions = pgTable(
  'exceptions',
  {
    id: serial('id').primaryKey(),
    messagePk: integer('message_pk').references(() => messages.id),
    mailboxId: text('mailbox_id').notNull(),
    code: text('code').notNull(),
    ref: text('ref').notNull().default(''),
    detail: text('detail'),
    caseNumber: text('case_number'),
    sender: text('sender'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    image: bytea('image'),
    status: text('status').notNull().default('open'),
    createdAt: ts('created_at').notNull(),
    resolvedAt: ts('resolved_at'),
    resolvedBy: text('resolved_by'),
    resolution: jsonb('resolution').$type<Record<string, unknown>>(),
    digestedAt: ts('digested_at'),
  },
  (t) => [uniqueIndex('exceptions_once').on(t.messagePk, t.code, t.ref), index('exceptions_status').on(t.status, t.createdAt)],
);

/** Accepted proposed orders waiting for the judge (O-12). */
export const orderQueue = pgTable(
  'order_queue',
  {
    id: serial('id').primaryKey(),
    messagePk: integer('message_pk').notNull().references(() => messages.id),
    judge: text('judge').notNull(),
    caseNumber: text('case_number'),
    debtor: text('debtor'),
    category: text('category'),
    hearingDate: text('hearing_date'),
    motionDocketNumber: integer('motion_docket_number'),
    filename: text('filename'),
    documentId: integer('document_id').references(() => documents.id),
    sender: text('sender').notNull(),
    /** pending → signed | returned (the judge's decision, marked by a clerk). */
    status: text('status').notNull().default('pending'),
    createdAt: ts('created_at').notNull(),
    decidedAt: ts('decided_at'),
    decidedBy: text('decided_by'),
  },
  (t) => [uniqueIndex('order_queue_message').on(t.messagePk), index('order_queue_judge').on(t.judge, t.status)],
);

/** CM/ECF registrations pending clerk approval. */
export const registrations = pgTable(
  'registrations',
  {
    id: serial('id').primaryKey(),
    messagePk: integer('message_pk').notNull().references(() => messages.id),
    form: text('form'),
    name: text('name'),
    email: text('email'),
    barNumber: text('bar_number'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    status: text('status').notNull().default('pending'),
    createdAt: ts('created_at').notNull(),
    decidedAt: ts('decided_at'),
    decidedBy: text('decided_by'),
    reason: text('reason'),
    /** The Filer or User created on approval. */
    filerId: integer('filer_id').references(() => filers.id),
  },
  (t) => [uniqueIndex('registrations_message').on(t.messagePk), index('registrations_status').on(t.status, t.createdAt)],
);

/**
 * a change of a Filer's or User's email address, waiting for confirmation at both
 * addresses. Each address is sent its own one-time code; only SHA-256 hashes are kept.
 * The address on file changes when both codes have come back before `expiresAt`.
 */
export const emailChanges = pgTable(
  'email_changes',
  {
    id: serial('id').primaryKey(),
    messagePk: integer('message_pk').notNull().references(() => messages.id),
    filerId: integer('filer_id').notNull().references(() => filers.id),
    oldEmail: text('old_email').notNull(),
    newEmail: text('new_email').notNull(),
    oldCodeHash: text('old_code_hash').notNull(),
    newCodeHash: text('new_code_hash').notNull(),
    oldConfirmedAt: ts('old_confirmed_at'),
    newConfirmedAt: ts('new_confirmed_at'),
    /** pending | done | superseded | expired */
    status: text('status').notNull().default('pending'),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    doneAt: ts('done_at'),
  },
  (t) => [
    uniqueIndex('email_changes_message').on(t.messagePk),
    uniqueIndex('email_changes_old_code').on(t.oldCodeHash),
    uniqueIndex('email_changes_new_code').on(t.newCodeHash),
    index('email_changes_filer').on(t.filerId, t.status),
  ],
);

/**
 * Mail service (P-7, P-8): a printable packet for a party who is not registered for
 * electronic notice — cover sheet with the mailing address, then the document.
 */
export const mailService = pgTable(
  'mail_service',
  {
    id: serial('id').primaryKey(),
    docketEntryId: integer('docket_entry_id').notNull().references(() => docketEntries.id),
    caseNumber: text('case_number').notNull(),
    partyName: text('party_name').notNull(),
    address: text('address'),
    packet: bytea('packet').notNull(),
    pages: integer('pages').notNull(),
    status: text('status').notNull().default('pending'),
    createdAt: ts('created_at').notNull(),
    mailedAt: ts('mailed_at'),
    mailedBy: text('mailed_by'),
  },
  (t) => [uniqueIndex('mail_service_once').on(t.docketEntryId, t.partyName), index('mail_service_status').on(t.status)],
);

/**
 * Clerks who may use the web page. Only a scrypt hash of the password is kept, with its
 * salt and parameters (`scrypt$N$r$p$salt$hash`), so the cost can be raised later.
 */
export const clerks = pgTable(
  'clerks',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: ts('created_at').notNull(),
    passwordChangedAt: ts('password_changed_at').notNull(),
  },
  (t) => [uniqueIndex('clerks_name').on(t.name)],
);

/**
 * Web sessions, server-side. The cookie carries a random id; only its SHA-256 is stored,
 * so a copy of the database opens no session. `clerkId` is null for the anonymous session
 * that carries the login form's CSRF token.
 */
export const clerkSessions = pgTable(
  'clerk_sessions',
  {
    id: serial('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    clerkId: integer('clerk_id').references(() => clerks.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [uniqueIndex('clerk_sessions_token').on(t.tokenHash), index('clerk_sessions_expires').on(t.expiresAt)],
);

/** Failed logins, by client address and by user name: the login rate limit counts these. */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: serial('id').primaryKey(),
    /** `ip:<address>` or `user:<name>`. */
    key: text('key').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('login_failures_key').on(t.key, t.at)],
);

/** Every clerk action on the web page (and clerk accounts made on the command line): who, what, on what, when. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: serial('id').primaryKey(),
    at: ts('at').notNull(),
    /** The clerk's name (for a failed login: the name that was tried). */
    clerk: text('clerk').notNull(),
    action: text('action').notNull(),
    /** What was acted on, e.g. `exception:12`, `registration:3`, `message:40`. */
    target: text('target'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    ip: text('ip'),
  },
  (t) => [index('audit_log_at').on(t.at), index('audit_log_target').on(t.target)],
);
