/**
 * Screenshots of the clerks' page for the README: seeds an embedded store with sample
 * mail (a facility scan without a stamp, a docketed filing, a registration, a proposed
 * order), starts the page, logs in with Debian's Chromium and saves
 * docs/exceptions.png and docs/message-trail.png.
 *
 *   npx tsx scripts/screenshots.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { createApp } from '../src/app.ts';
import { loadRuntimeConfig } from '../src/config/runtime.ts';
import { silentLogger } from '../src/log.ts';
import { addClerk } from '../src/web/clerks.ts';
import { startWebServer } from '../src/web/server.ts';
import { launchChromium } from '../test/support/browser.ts';
import { COURT } from '../test/support/app.ts';
import { deliver } from '../test/support/desk.ts';
import { scannedPage, scannedPdf } from '../test/support/scan.ts';
import { ADDR, buildMail, FACILITY, goodMail, stampedFilingPdf } from '../test/support/mail.ts';

const DOCS = fileURLToPath(new URL('../docs/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ci-screenshots-'));
const file = join(dir, 'config.yaml');
writeFileSync(file, YAML.stringify({ data: COURT, storeDir: join(dir, 'db'), mailDir: join(dir, 'mail'), web: { port: 0 }, logLevel: 'silent' }));
const app = await createApp({ config: loadRuntimeConfig(file, { LOG_LEVEL: 'silent', DATABASE_URL: '', REDIS_URL: '' }), logger: silentLogger, inProcess: true });
try {
  // A smudged stamp the reader will not guess at: STAMP_UNREADABLE, with its crop (P-4).
  const faint = await scannedPdf([scannedPage({ seed: 11, dpi: 200, faint: true, ink: 'red', rotation: -3, position: 'top-right', boxed: true, lines: 2, form: 'received', stampAt: { year: 2016, month: 6, day: 22, hour: 9, minute: 58 }, facility: 'MWCI' }).image]);
  await deliver(app, 'clerk', await buildMail({ messageId: '<scan-0622-1@mwci.doc.example.org>', from: FACILITY, to: ADDR.clerk, subject: '3:16-cv-01234 Smith', attachments: [{ filename: 'smith-petition.pdf', content: faint }] }), '2016-06-22T10:45:00-04:00');
  const docketed = await deliver(
    app,
    'clerk',
    await buildMail({ messageId: '<scan-0622-2@mwci.doc.example.org>', from: FACILITY, to: ADDR.clerk, subject: '3:16-cv-01234 Smith motion', attachments: [{ filename: 'smith-motion.pdf', content: await stampedFilingPdf({ year: 2016, month: 6, day: 22, hour: 10, minute: 32 }) }] }),
    '2016-06-22T11:05:00-04:00',
  );
  await deliver(app, 'registration', await goodMail('registration'), '2021-11-02T10:00:00-04:00');
  await deliver(app, 'orders-jam', await goodMail('orders'), '2014-03-10T11:00:00-04:00');
  await addClerk(app.services.db, { name: 'jdoe', password: 'screenshot password', now: new Date() });

  const web = await startWebServer({ app });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await page.goto(`${web.url}/login`);
    await page.fill('#name', 'jdoe');
    await page.fill('#password', 'screenshot password');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/exceptions$/);
    await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
    await page.screenshot({ path: join(DOCS, 'exceptions.png'), fullPage: true });
    await page.goto(`${web.url}/messages/${docketed}`);
    await page.screenshot({ path: join(DOCS, 'message-trail.png'), fullPage: true });
    process.stdout.write(`saved ${join(DOCS, 'exceptions.png')} and ${join(DOCS, 'message-trail.png')}\n`);
  } finally {
    await browser.close();
    await web.close();
  }
} finally {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
