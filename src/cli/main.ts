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
import { registrationsApproveCommand, registrationsListCommand, registrationsRejectCommand } from './registrations.ts';
import { docketCommand, exceptionsResolveCommand, mailServiceCommand, ordersListCommand, ordersMarkCommand } from './clerk.ts';
import { clerksAddCommand, clerksListCommand } from './clerks.ts';
import { webCommand } from './web.ts';

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

exceptionsCmd
  .command('resolve')
  .description('settle an exception: enter the stamp date, name the case or open it; docketing and the NEF follow')
  .argument('<id>', 'exception number (as listed by `exceptions list`)')
  .addOption(configOption())
  .option('--filed-at <datetime>', 'date and time on the facility stamp, court time ("6/22/2016 10:32 AM") or ISO with offset')
  .option('--case <number>', 'the case the filing belongs to')
  .option('--open-case <number>', 'open this new case (with --title and --prisoner) and docket the filing in it')
  .option('--title <title>', 'case title for --open-case, e.g. "Smith v. Semple"')
  .addOption(new Option('--nature <nature>', 'nature of the new case').choices(['civil-rights', 'habeas']))
  .option('--judge <initials>', 'presiding judge of the new case')
  .option('--prisoner <name>', 'the prisoner (plaintiff or petitioner) of the new case')
  .option('--inmate <number>', 'the prisoner’s inmate number')
  .option('--dismiss <note>', 'close an exception that needs no docketing, saying what was done')
  .option('--by <name>', 'the clerk resolving it (default: $USER)')
  .option('--json', 'print the result as JSON')
  .action(run((id: string, opts) => exceptionsResolveCommand(id, opts)));

program
  .command('docket')
  .description('P-8: enter a court order or a defendant’s filing in a prisoner case; the facility gets its NEF')
  .argument('<case>', 'case number, e.g. 3:16-cv-01234')
  .requiredOption('--file <pdf>', 'the document (PDF)')
  .requiredOption('--text <docket text>', 'the docket text')
  .addOption(new Option('--by <who>', 'who files it').choices(['court', 'defendant']).makeOptionMandatory())
  .option('--filer <name>', 'filer shown on the NEF')
  .addOption(configOption())
  .option('--json', 'print the result as JSON')
  .action(run((caseNumber: string, opts) => docketCommand(caseNumber, opts)));

program
  .command('mail-service')
  .description('mail-service packets waiting to be printed and mailed (P-7, P-8)')
  .addOption(configOption())
  .option('--out <dir>', 'write each packet PDF into this folder')
  .option('--mark-mailed <ids>', 'mark these packets (comma-separated) as mailed')
  .option('--by <clerk>', 'who mailed them (default: $USER)')
  .option('--json', 'one JSON object per packet')
  .action(run((opts) => mailServiceCommand(opts)));

const ordersCmd = program.command('orders').description('proposed orders queued for the judges (O-12)');
ordersCmd
  .command('list')
  .description('accepted proposed orders waiting for a judge, oldest first')
  .option('--judge <initials>', 'only this judge’s queue')
  .option('--all', 'include orders already signed or returned')
  .option('--json', 'one JSON object per order')
  .addOption(configOption())
  .action(run((opts) => ordersListCommand(opts)));
ordersCmd
  .command('mark')
  .description('record the judge’s decision on a queued order: signed, or returned to the filer')
  .argument('<id>', 'order number (as listed by `orders list`)')
  .option('--signed', 'the judge signed the order')
  .option('--returned', 'the order went back to the filer')
  .option('--by <clerk>', 'who marks it (default: $USER)')
  .option('--json', 'print the result as JSON')
  .addOption(configOption())
  .action(run((id: string, opts) => ordersMarkCommand(id, opts)));

const clerksCmd = program.command('clerks').description('accounts for the clerks’ web page');
clerksCmd
  .command('add')
  .description('add a clerk; the password is asked for on a terminal, or read from stdin with --password-stdin')
  .argument('<name>', 'the clerk’s log-in name')
  .option('--password-stdin', 'read the password from standard input')
  .option('--replace', 'set a new password for an existing clerk (ends their sessions)')
  .addOption(configOption())
  .action(run((name: string, opts) => clerksAddCommand(name, opts)));
clerksCmd
  .command('list')
  .description('the clerks who may log in')
  .option('--json', 'one JSON object per clerk')
  .addOption(configOption())
  .action(run((opts) => clerksListCommand(opts)));

program
  .command('web')
  .description('the clerks’ web page alone (`run` also starts it unless web.enabled is false)')
  .addOption(configOption())
  .action(run((opts: { config?: string }) => webCommand(opts)));

const registrationsCmd = program.command('registrations').description('CM/ECF registrations waiting for a clerk (R-8)');
registrationsCmd
  .command('list')
  .description('registrations, oldest first (pending ones unless told otherwise)')
  .addOption(new Option('--status <status>', 'only these').choices(['pending', 'approved', 'rejected']))
  .option('--all', 'every registration, whatever its status')
  .option('--json', 'one JSON object per registration')
  .addOption(configOption())
  .action(run((opts) => registrationsListCommand(opts)));
registrationsCmd
  .command('approve')
  .description('approve: creates the Filer or User and sends the login notice to the registrant')
  .argument('<id>', 'registration number')
  .option('--by <clerk>', 'who approves (default: $USER)')
  .option('--json', 'print the result as JSON')
  .addOption(configOption())
  .action(run((id: string, opts) => registrationsApproveCommand(id, opts)));
registrationsCmd
  .command('reject')
  .description('reject: the registrant is sent the reason')
  .argument('<id>', 'registration number')
  .requiredOption('--reason <text>', 'why; sent to the registrant')
  .option('--by <clerk>', 'who rejects (default: $USER)')
  .option('--json', 'print the result as JSON')
  .addOption(configOption())
  .action(run((id: string, opts) => registrationsRejectCommand(id, opts)));

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
