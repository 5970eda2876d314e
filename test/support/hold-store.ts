/**
 * A second process holding an embedded store open, as `court-intake run` does: opens the
 * PGlite directory given as argv[2], prints "ready", and waits until killed.
 */
import { openStore } from '../../src/models/db.ts';

const store = await openStore({ dataDir: process.argv[2]! });
await store.migrate();
process.stdout.write('ready\n');
setInterval(() => {}, 60_000);
