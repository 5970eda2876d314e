/**
 * The clerks' page in real headless Chromium (Debian's, driven by playwright-core) against
 * a real App on PostgreSQL whose replies go to a real SMTP listener.
 */
import { readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exceptions, messages, registrations } from '../../src/models/schema.ts';
import { auditTrail } from '../../src/web/audit.ts';
import { startWebServer, type RunningWeb } from '../../src/web/server.ts';
import { launchChromium } from '../support/browser.ts';
import { CLERK, deliver, noStampMail, startDesk, type Desk } from '../support/desk.ts';
import { goodMail } from '../support/mail.ts';

const NOSTAMP_ID = '<nostamp-browser@mwci.doc.example.org>';

describe('the clerks’ page in Chromium', () => {
  let desk: Desk;
  let web: RunningWeb;
  let browser: Browser;
  let page: Page;
  let noStampPk: number;

  beforeAll(async () => {
    desk = await startDesk({ smtp: true });
    const [pk, , b] = await Promise.all([
      deliver(desk.app, 'clerk', await noStampMail(NOSTAMP_ID), '2016-06-22T10:45:00-04:00'),
      goodMail('registration').then((raw) => deliver(desk.app, 'registration', raw, '2021-11-02T10:00:00-04:00')),
      launchChromium(),
    ]);
    noStampPk = pk;
    browser = b;
    web = await startWebServer({ app: desk.app });
    page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await desk?.dispose();
  });

  it('a clerk logs in and resolves a STAMP_UNREADABLE exception by entering the stamp date; the NEF goes out by SMTP', async () => {
    await page.goto(`${web.url}/exceptions`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('#name', CLERK.name);
    await page.fill('#password', CLERK.password);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/exceptions$/);

    const [ex] = await desk.app.services.db.select().from(exceptions).where(eq(exceptions.messagePk, noStampPk));
    expect(ex!.code).toBe('STAMP_UNREADABLE');
    const card = page.locator(`#exception-${ex!.id}`);
    await expect(card.locator('.code').first().textContent()).resolves.toBe('STAMP_UNREADABLE');
    // The page of the filing is drawn beside the form.
    const img = card.locator('img.page');
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction((id) => {
      const el = document.querySelector<HTMLImageElement>(`#exception-${id} img.page`);
      return !!el && el.complete && el.naturalWidth > 0;
    }, ex!.id);

    const before = desk.smtp!.messages.length;
    await card.locator('input[name=filedAt]').fill('6/22/2016 10:20 AM');
    await card.locator('button:has-text("Docket the filing")').click();
    await page.waitForURL(/done=resolved/);
    await expect(page.locator('.notice').textContent()).resolves.toContain(`Exception #${ex!.id} settled`);

    const mails = await desk.smtp!.waitFor(before + 1);
    const nef = mails.slice(before).find((m) => /^Subject: Activity in Case 3:16-cv-01234/m.test(m.raw.toString('latin1')));
    expect(nef, 'an NEF for the case reached SMTP').toBeTruthy();
    const parsed = await simpleParser(nef!.raw);
    expect(parsed.text).toMatch(/filed on 6\/22\/2016\b/);
    const [after] = await desk.app.services.db.select().from(exceptions).where(eq(exceptions.id, ex!.id));
    expect(after).toMatchObject({ status: 'resolved', resolvedBy: CLERK.name });
  });

  it('a registration approved in the page sends the login notice by SMTP', async () => {
    const [reg] = await desk.app.services.db.select().from(registrations);
    await page.click('a:has-text("Registrations")');
    await page.waitForURL(/\/registrations$/);
    const before = desk.smtp!.messages.length;
    await page.locator(`#registration-${reg!.id} button:has-text("Approve")`).click();
    await page.waitForURL(/done=approved/);
    const mails = await desk.smtp!.waitFor(before + 1);
    const notice = mails.slice(before).find((m) => m.envelope.to.includes('bray@rayfirm.example.com'));
    expect(notice?.raw.toString('latin1')).toMatch(/^Subject: CM\/ECF filing privileges approved/m);
    const [after] = await desk.app.services.db.select().from(registrations).where(eq(registrations.id, reg!.id));
    expect(after).toMatchObject({ status: 'approved', decidedBy: CLERK.name });
  });

  it('the message search finds a message by Message-ID; its page shows the trail and downloads the raw .eml byte for byte', async () => {
    await page.click('a:has-text("Messages")');
    await page.fill('#q-mid', NOSTAMP_ID.slice(1, -1));
    await page.click('button:has-text("Search")');
    await page.waitForURL(/messageId=/);
    const rows = page.locator('table tr td a[href^="/messages/"]');
    await expect(rows.first().getAttribute('href')).resolves.toBe(`/messages/${noStampPk}`);
    expect(await page.locator('table tr').count()).toBe(2);
    await rows.first().click();
    await page.waitForURL(new RegExp(`/messages/${noStampPk}$`));
    const text = (await page.textContent('main'))!;
    for (const step of ['captured', 'parse', 'commit']) expect(text).toContain(step);
    expect(text).toContain('STAMP_UNREADABLE');
    const docket = page.locator('h2:has-text("Docket entries") + table tr').nth(1).locator('td');
    await expect(docket.allTextContents()).resolves.toEqual(['3:16-cv-01234', '2', '2016-06-22 10:20', expect.any(String), expect.any(String)]);
    expect(text).toContain('Activity in Case 3:16-cv-01234'); // the NEF among the replies
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("Download the raw .eml")')]);
    expect(download.suggestedFilename()).toBe(`message-${noStampPk}.eml`);
    const [m] = await desk.app.services.db.select({ raw: messages.raw }).from(messages).where(eq(messages.id, noStampPk));
    expect(readFileSync((await download.path())!).equals(m!.raw)).toBe(true);
  });

  it('a POST from the logged-in browser without the CSRF token is refused with 403', async () => {
    const r = await page.request.post(`${web.url}/exceptions/1/dismiss`, { form: { note: 'no token' }, maxRedirects: 0 });
    expect(r.status()).toBe(403);
  });

  it('every clerk action in the page left an audit row naming the clerk', async () => {
    const rows = await auditTrail(desk.app.services.db);
    const mine = rows.filter((r) => r.clerk === CLERK.name).map((r) => `${r.action} ${r.target}`);
    expect(mine).toEqual(expect.arrayContaining(['login clerk:jdoe', expect.stringMatching(/^exception-resolve exception:\d+$/), expect.stringMatching(/^registration-approve registration:\d+$/), `message-raw-download message:${noStampPk}`]));
    expect(rows.some((r) => r.action === 'exception-dismiss')).toBe(false);
  });

  // Last: the limit also counts per client address, and every test here comes from 127.0.0.1.
  it('a wrong password is refused in the page, and after five failures even the right one is rate-limited (429)', async () => {
    const other = await (await browser.newContext()).newPage();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        await other.goto(`${web.url}/login`);
        await other.fill('#name', CLERK.name);
        await other.fill('#password', i < 5 ? `wrong-${i}` : CLERK.password);
        const [response] = await Promise.all([other.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'), other.click('button[type=submit]')]);
        statuses.push(response.status());
        if (i === 0) await expect(other.locator('body').textContent()).resolves.toContain('Wrong name or password.');
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      await expect(other.locator('body').textContent()).resolves.toContain('Too many failed logins');
      expect(new URL(other.url()).pathname).toBe('/login');
    } finally {
      await other.context().close();
    }
  });
});
