/**
 * `court-intake`: the one command (CONTRACT.md). Exit codes: 0 ok, 1 runtime failure,
 * 2 bad usage, configuration or data.
 */
import { Command, CommanderError, Option } from 'commander';
import { createLogger } from '../log.ts';
import { EXIT_USAGE, reportError } from './exit.ts';
import { processCommand } from './process.ts';
import { demoCommand } from './demo.ts';
import { runCommand } from './run.ts';
import { digestCommand, exceptionsListCommand, importCommand, migrateCommand, retryCommand } from './admin.ts';

const program = new Command('court-intake')
  .description('Mail intake for the clerk’s office: prisoner filings, proposed orders and CM/ECF registrations.')
  .exitOverride()
  .showHelpAfterError();

const configOption = () => new Option('-c, --config <file>', 'runtime configuration file (YAML or JSON)').env('COURT_INTAKE_CONFIG');

let exitCode = 0;
const run = (fn: (...args: never[]) => Promise<number>) => async (...args: unknown[]) => {
  try {
    exitCode = await (fn as (...a: unknown[]) => Promise<number>)(...args);
  } catch (err) {
    exitCode = reportError(err);
  }
};

program
  .command('process')
  .description('process .eml files exactly as the daemon would; replies go to <store>/outbox')
  .argument('<files...>', 'messages to process (.eml)')
  .requiredOption('--mailbox <id>', 'mailbox the messages arrived in')
  .requiredOption('--data <file>', 'court data file (YAML or JSON)')
  .option('--store <dir>', 'embedded store folder (default: a new temporary folder)')
  .option('--received-at <iso>', 'arrival time (default: newest Received: header, else Date:)')
  .option('--json', 'one JSON object per message on stdout')
  .action(run((files: string[], opts) => processCommand(files, opts, createLogger(process.env.LOG_LEVEL ?? 'warn'))));

program
  .command('run')
  .description('the daemon: watch every configured mailbox')
  .addOption(configOption())
  .action(run((opts: { config?: string }) => runCommand(opts)));

program
  .command('demo')
  .description('zero-setup showcase: a sample court and sample mails through the embedded defaults')
  .option('--dir <dir>', 'where the demo keeps its store, mail and replies', 'data/demo')
  .action(run((opts: { dir: string }) => demoCommand(opts)));

program
  .command('digest')
  .description('the clerks’ exception digest, now')
  .addOption(configOption())
  .option('--send', 'mail it to the configured recipients (default: print it)')
  .action(run((opts: { config?: string; send?: boolean }) => digestCommand(opts)));

program
  .command('migrate')
  .description('apply the database migrations')
  .addOption(configOption())
  .action(run((opts: { config?: string }) => migrateCommand(opts)));

program
  .command('import')
  .description('load a court data file into the store (idempotent)')
  .argument('<file>', 'court data file (YAML or JSON)')
  .addOption(configOption())
  .action(run((file: string, opts: { config?: string }) => importCommand(file, opts)));

const exceptionsCmd = program.command('exceptions').description('what waits for a clerk');
exceptionsCmd
  .command('list')
  .description('open exceptions, oldest first')
  .addOption(configOption())
  .option('--json', 'one JSON object per exception')
  .action(run((opts: { config?: string; json?: boolean }) => exceptionsListCommand(opts)));

program
  .command('retry')
  .description('process again a message that failed (PROCESSING_FAILED)')
  .argument('<message>', 'message number (as listed by `exceptions list`)')
  .addOption(configOption())
  .action(run((id: string, opts: { config?: string }) => retryCommand(id, opts)));

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // --help and --version end here with code 0; every other commander error is bad usage.
    exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
  } else {
    exitCode = reportError(err);
  }
}
process.exitCode = exitCode;
