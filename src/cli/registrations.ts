/** `court-intake registrations list|approve|reject` (R-8): the clerk's decision on accepted registrations. */
import { approveRegistration, listRegistrations, rejectRegistration } from '../registration/service.ts';
import { withApp } from './clerk.ts';
import { EXIT_OK, UsageError } from './exit.ts';

function idArg(s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`"${s}" is not a registration number (see \`court-intake registrations list\`)`);
  return n;
}

const clerkName = (by?: string) => by ?? process.env.USER ?? 'clerk';

export async function registrationsListCommand(opts: { config?: string; status?: string; all?: boolean; json?: boolean }): Promise<number> {
  return withApp(opts, async (app) => {
    const rows = await listRegistrations(app, { status: opts.all ? undefined : (opts.status ?? 'pending') });
    for (const r of rows) {
      process.stdout.write(
        opts.json
          ? JSON.stringify(r) + '\n'
          : `#${r.id}  ${r.status}  ECF Form No. ${r.form ?? '?'}  ${r.name ?? '(no name)'} <${r.email ?? '?'}>${r.barNumber ? `  bar ${r.barNumber}` : ''}${r.firm ? `  ${r.firm}` : ''}  received ${r.receivedAt}${r.reason ? `  — ${r.reason}` : ''}\n`,
      );
    }
    if (!rows.length && !opts.json) process.stdout.write(opts.all ? 'no registrations\n' : `no ${opts.status ?? 'pending'} registrations\n`);
    return EXIT_OK;
  });
}

export async function registrationsApproveCommand(id: string, opts: { config?: string; by?: string; json?: boolean }): Promise<number> {
  const regId = idArg(id);
  return withApp(opts, async (app) => {
    const r = await approveRegistration(app, { id: regId, by: clerkName(opts.by) });
    process.stdout.write(opts.json ? JSON.stringify(r) + '\n' : `registration #${r.id} approved: ${r.role} account #${r.filerId} for ${r.email}; login notice sent\n`);
    return EXIT_OK;
  });
}

export async function registrationsRejectCommand(id: string, opts: { config?: string; by?: string; reason: string; json?: boolean }): Promise<number> {
  const regId = idArg(id);
  return withApp(opts, async (app) => {
    const r = await rejectRegistration(app, { id: regId, by: clerkName(opts.by), reason: opts.reason });
    process.stdout.write(opts.json ? JSON.stringify(r) + '\n' : `registration #${r.id} rejected${r.email ? `; notice sent to ${r.email}` : ''}\n`);
    return EXIT_OK;
  });
}
