/**
 * When the digest goes out (N-4: each weekday 07:30 court time): the next run computed in
 * the court's time zone, across both DST changes, and the in-process timer driven by fake
 * timers — no test waits for 07:30.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/config/errors.ts';
import { silentLogger } from '../../src/log.ts';
import { checkDigestCron, DigestTimer, nextDigestRun } from '../../src/notify/digest-schedule.ts';

const CRON = '30 7 * * 1-5';
const TZ = 'America/New_York';
const next = (from: string) => nextDigestRun(CRON, TZ, new Date(from)).toISOString();

describe('nextDigestRun (N-4: weekdays 07:30 in the court’s time zone)', () => {
  it('from Friday 2016-03-11 08:00 EST, the next run is Monday 2016-03-14 07:30 EDT (11:30Z), after DST begins', () => {
    expect(next('2016-03-11T08:00:00-05:00')).toBe('2016-03-14T11:30:00.000Z');
  });

  it('from Friday 2016-11-04 08:00 EDT, the next run is Monday 2016-11-07 07:30 EST (12:30Z), after DST ends', () => {
    expect(next('2016-11-04T08:00:00-04:00')).toBe('2016-11-07T12:30:00.000Z');
  });

  it('from a Saturday or a Sunday, the next run is Monday', () => {
    expect(next('2016-06-25T10:00:00-04:00')).toBe('2016-06-27T11:30:00.000Z');
    expect(next('2016-06-26T23:59:00-04:00')).toBe('2016-06-27T11:30:00.000Z');
  });

  it('before 07:30 on a weekday, the next run is the same day; at or after 07:30, the next weekday', () => {
    expect(next('2016-06-22T07:29:00-04:00')).toBe('2016-06-22T11:30:00.000Z');
    expect(next('2016-06-22T07:30:00-04:00')).toBe('2016-06-23T11:30:00.000Z');
    expect(next('2016-06-22T18:00:00-04:00')).toBe('2016-06-23T11:30:00.000Z');
  });

  it('is court time, not the machine’s: 07:30 in New York is 12:30Z in winter whatever TZ the process has', () => {
    expect(next('2016-01-04T00:00:00Z')).toBe('2016-01-04T12:30:00.000Z');
    expect(nextDigestRun(CRON, 'America/Los_Angeles', new Date('2016-01-04T00:00:00Z')).toISOString()).toBe('2016-01-04T15:30:00.000Z');
  });

  it('a pattern that cannot be scheduled is a configuration error', () => {
    expect(() => checkDigestCron('every weekday at 7:30', TZ)).toThrow(ConfigError);
    expect(() => checkDigestCron('61 7 * * *', TZ)).toThrow(/digest\.cron/);
    expect(() => checkDigestCron(CRON, 'Mars/Olympus_Mons')).toThrow(ConfigError);
    expect(() => checkDigestCron(CRON, TZ)).not.toThrow();
  });
});

describe('DigestTimer (the schedule without Redis)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function timer(run: (now: Date) => Promise<unknown>) {
    return new DigestTimer({ cron: CRON, tz: TZ, clock: { now: () => new Date() }, logger: silentLogger, run });
  }

  it('N-4: armed on Friday after 07:30, it runs once on Monday 07:30 EDT across the DST change, then arms for Tuesday', async () => {
    vi.useFakeTimers({ now: new Date('2016-03-11T08:00:00-05:00') });
    const runs: string[] = [];
    const t = timer(async (now) => void runs.push(now.toISOString()));
    await t.start();
    expect(t.nextRun?.toISOString()).toBe('2016-03-14T11:30:00.000Z');

    await vi.advanceTimersByTimeAsync(new Date('2016-03-14T11:29:59Z').getTime() - Date.now());
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toEqual(['2016-03-14T11:30:00.000Z']);
    expect(t.nextRun?.toISOString()).toBe('2016-03-15T11:30:00.000Z');

    // A whole week: five more weekday runs, none on the weekend.
    await vi.advanceTimersByTimeAsync(7 * 24 * 3600_000);
    expect(runs.slice(1)).toEqual(['15', '16', '17', '18', '21'].map((d) => `2016-03-${d}T11:30:00.000Z`));
    await t.close(1000);
  });

  it('a failed run is logged and the schedule goes on', async () => {
    vi.useFakeTimers({ now: new Date('2016-06-22T07:00:00-04:00') });
    let calls = 0;
    const t = timer(async () => {
      calls++;
      throw new Error('SMTP down');
    });
    await t.start();
    await vi.advanceTimersByTimeAsync(25 * 3600_000);
    expect(calls).toBe(2);
    expect(t.nextRun?.toISOString()).toBe('2016-06-24T11:30:00.000Z');
    await t.close(1000);
  });

  it('close() stops the schedule: no run after it', async () => {
    vi.useFakeTimers({ now: new Date('2016-06-22T07:00:00-04:00') });
    let calls = 0;
    const t = timer(async () => void calls++);
    await t.start();
    await t.close(1000);
    await vi.advanceTimersByTimeAsync(7 * 24 * 3600_000);
    expect(calls).toBe(0);
  });
});
