/**
 * Text from mail made storable, at the one place it enters the database.
 *
 * PostgreSQL refuses two things mail carries freely: a NUL (U+0000) in `text` ("invalid
 * byte sequence for encoding UTF8: 0x00") or as the `\u0000` escape in `jsonb`, and a
 * lone UTF-16 surrogate in `jsonb` (JSON.stringify writes it as `\udXXX`, which Postgres
 * rejects). One such character in a subject, a file name or a PDF's text would fail the
 * whole commit, so the message would never get an outcome. And a B-tree index entry has
 * a size limit (about 2.7 kB): a 1 MB Message-ID cannot be indexed at all.
 *
 * So every row written by capture, commit and the outbox passes through `storableTx`,
 * which walks the values handed to `insert().values()` and `update().set()`: strings lose
 * their NULs and get U+FFFD for lone surrogates, and a long value in a text column some
 * index covers is cut to `boundedKey`. The raw message is bytes (bytea) and is kept whole.
 */
import { createHash } from 'node:crypto';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from './db.ts';

const NUL = /\u0000/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `s` without NULs, with U+FFFD for each lone surrogate: accepted by `text` and `jsonb` alike. */
export function storableText(s: string): string {
  return s.replace(NUL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * A copy of `value` with every string (object keys too) made storable. Arrays and plain
 * objects are walked; Buffers (bytea), Dates and other class instances are left as they are.
 */
export function storableJson<T>(value: T): T {
  return walk(value, 0) as T;
}

/** Deeper than any row the product writes; a deeper value is left for the driver to refuse. */
const MAX_WALK_DEPTH = 200;

function walk(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return storableText(v);
  if (v === null || typeof v !== 'object' || depth > MAX_WALK_DEPTH) return v;
  if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[storableText(k)] = walk(x, depth + 1);
  return out;
}

/**
 * Characters of a value kept whole in an indexed text column. Three UTF-8 bytes per UTF-16
 * unit at worst, so two such columns in one index stay under the B-tree's 2.7 kB.
 */
export const MAX_KEY_CHARS = 256;

/**
 * `s` if it is short enough for an index, else its first characters and the SHA-256 of the
 * whole value: deterministic, so the same long value always maps to the same key (I-2), and
 * two long values that share their beginning stay apart.
 */
export function boundedKey(s: string, max = MAX_KEY_CHARS): string {
  if (s.length <= max) return s;
  const hash = createHash('sha256').update(s).digest('hex');
  return `${keepWhole(s, max - hash.length - 8)}#sha256:${hash}`;
}

/** A Message-ID in the same bounded form, still in angle brackets (it goes into In-Reply-To). */
export function boundedMessageId(id: string, max = MAX_KEY_CHARS): string {
  if (id.length <= max) return id;
  const hash = createHash('sha256').update(id).digest('hex');
  return `${keepWhole(id.replace(/>$/, ''), max - hash.length - 9)}.sha256-${hash}>`;
}

/** The first `n` UTF-16 units of `s`, not splitting a surrogate pair. */
function keepWhole(s: string, n: number): string {
  const code = s.charCodeAt(n - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

/** Per table: the property names of its text columns that some index covers. */
const indexedText = new WeakMap<PgTable, Set<string>>();

function indexedTextColumns(table: PgTable): Set<string> {
  let keys = indexedText.get(table);
  if (keys) return keys;
  const indexed = new Set(getTableConfig(table).indexes.flatMap((i) => i.config.columns.map((c) => (c as { name?: string }).name)));
  keys = new Set<string>();
  for (const [key, col] of Object.entries(table) as [string, { name?: string; columnType?: string; primary?: boolean }][]) {
    if (col?.columnType === 'PgText' && (indexed.has(col.name) || col.primary)) keys.add(key);
  }
  indexedText.set(table, keys);
  return keys;
}

function storableRow(table: PgTable, row: unknown): unknown {
  const clean = storableJson(row);
  if (!clean || typeof clean !== 'object' || Array.isArray(clean)) return clean;
  const rec = clean as Record<string, unknown>;
  for (const key of indexedTextColumns(table)) {
    const v = rec[key];
    if (typeof v === 'string') rec[key] = boundedKey(v);
  }
  return rec;
}

const WRAPPED = Symbol('storable');

/**
 * `tx` with every `insert(t).values(v)`, `update(t).set(v)` and nested transaction made
 * storable (see the file comment). Reads pass through unchanged; wrapping twice is harmless.
 */
export function storableTx<T extends Tx>(tx: T): T {
  if ((tx as unknown as Record<symbol, unknown>)[WRAPPED]) return tx;
  return new Proxy(tx, {
    get(target, prop, receiver) {
      if (prop === WRAPPED) return true;
      if (prop === 'insert') {
        return (table: PgTable) =>
          hook(target.insert(table), 'values', (v) => (Array.isArray(v) ? v.map((r) => storableRow(table, r)) : storableRow(table, v)));
      }
      if (prop === 'update') return (table: PgTable) => hook(target.update(table), 'set', (v) => storableRow(table, v));
      if (prop === 'transaction') {
        return (fn: (inner: Tx) => Promise<unknown>, config?: unknown) =>
          (target.transaction as (f: (inner: Tx) => Promise<unknown>, c?: unknown) => Promise<unknown>)((inner) => fn(storableTx(inner)), config);
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** `builder` whose method `name` receives its first argument cleaned by `clean`. */
function hook<B extends object>(builder: B, name: string, clean: (v: unknown) => unknown): B {
  const method = (builder as Record<string, unknown>)[name] as (v: unknown, ...rest: unknown[]) => unknown;
  return new Proxy(builder, {
    get(target, prop, receiver) {
      if (prop === name) return (v: unknown, ...rest: unknown[]) => method.call(target, clean(v), ...rest);
      return Reflect.get(target, prop, receiver);
    },
  });
}
