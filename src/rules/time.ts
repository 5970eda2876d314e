/**
 * Court-local time (SPEC: America/New_York for every date rule). Rules take "now" from the
 * message's arrival, never from the wall clock; these helpers only convert.
 */

/** The UTC offset of `tz` at instant `d`, in minutes (e.g. −240 for EDT). */
export function offsetMinutes(d: Date, tz: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
}

/** The instant of a wall-clock time in `tz` (for a time skipped by DST, the later reading). */
export function zonedInstant(tz: string, year: number, month: number, day: number, hour = 0, minute = 0): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  let t = guess - offsetMinutes(new Date(guess), tz) * 60_000;
  t = guess - offsetMinutes(new Date(t), tz) * 60_000;
  return new Date(t);
}

/** ISO 8601 with the court's offset: `2016-06-22T10:32:00-04:00` (CONTRACT.md `filedAt`). */
export function isoInZone(d: Date, tz: string): string {
  const off = offsetMinutes(d, tz);
  const local = new Date(d.getTime() + off * 60_000).toISOString().slice(0, 19);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Parses a clerk's entry of a date and time: ISO with offset, or `2016-06-22 10:32` / `6/22/2016 10:32 AM` in court time. */
export function parseLocalDateTime(s: string, tz: string): Date | null {
  const t = s.trim();
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?(\.\d+)?(Z|[+-]\d\d:?\d\d)$/.test(t)) {
    const d = new Date(t);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  let m = t.match(/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d\d))?$/);
  if (m) return zonedInstant(tz, +m[1]!, +m[2]!, +m[3]!, m[4] ? +m[4] : 0, m[5] ? +m[5] : 0);
  m = t.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d\d)\s*([AaPp][Mm])?)?$/);
  if (m) {
    let h = m[4] ? +m[4] : 0;
    if (m[6]) h = (h % 12) + (/p/i.test(m[6]) ? 12 : 0);
    return zonedInstant(tz, +m[3]!, +m[1]!, +m[2]!, h, m[5] ? +m[5] : 0);
  }
  return null;
}
