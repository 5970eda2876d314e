/**
 * Seeds the docket store from the court data file. Upserts by natural keys, so loading
 * the same file twice changes nothing (CONTRACT.md).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { LoadedCourtData } from '../config/court-data.ts';
import { ConfigError } from '../config/errors.ts';
import { sha256 } from '../intake/raw-headers.ts';
import { sniffType } from '../parsers/sniff.ts';
import type { Db } from './db.ts';
import { cases, docketEntries, documents, facilities, filers, judges, parties } from './schema.ts';

export async function importCourtData(db: Db, loaded: LoadedCourtData): Promise<void> {
  const { data, baseDir, file } = loaded;
  // Read every referenced document first so a missing file is a data error, not a half import.
  const problems: string[] = [];
  const docs = new Map<string, Buffer>();
  data.cases.forEach((c, i) =>
    c.docket.forEach((d, j) =>
      d.documents?.forEach((doc, k) => {
        const path = resolve(baseDir, doc.file);
        try {
          docs.set(path, readFileSync(path));
        } catch {
          problems.push(`cases[${i}].docket[${j}].documents[${k}].file: cannot read ${doc.file}`);
        }
      }),
    ),
  );
  if (problems.length) throw new ConfigError(file, problems);

  await db.transaction(async (tx) => {
    for (const j of data.judges) {
      await tx.insert(judges).values(j).onConflictDoUpdate({ target: judges.initials, set: { name: j.name } });
    }
    for (const f of data.facilities) {
      const row = { code: f.code, name: f.name, senders: [...f.senders], nefAddress: f.nefAddress, authenticated: f.authenticated, address: f.address ?? null };
      await tx.insert(facilities).values(row).onConflictDoUpdate({ target: facilities.code, set: row });
    }
    for (const f of data.filers) {
      const row = { name: f.name, email: f.email, barNumber: f.barNumber ?? null, role: f.role, firm: f.firm ?? null };
      await tx.insert(filers).values(row).onConflictDoUpdate({ target: filers.email, set: row });
    }
    for (const c of data.cases) {
      const row = {
        number: c.number,
        court: c.court,
        title: c.title,
        nature: c.nature ?? null,
        judge: c.judge,
        debtor: c.debtor ?? null,
        chapter: c.chapter ?? null,
        prisonerName: c.prisoner?.name ?? null,
        prisonerNumber: c.prisoner?.inmateNumber ?? null,
        facilityCode: c.prisoner?.facility ?? null,
      };
      await tx.insert(cases).values(row).onConflictDoUpdate({ target: cases.number, set: row });
      for (const p of c.parties) {
        const prow = { caseNumber: c.number, name: p.name, role: p.role, email: p.email ?? null, address: p.address ?? null };
        await tx.insert(parties).values(prow).onConflictDoUpdate({ target: [parties.caseNumber, parties.name, parties.role], set: prow });
      }
      for (const d of c.docket) {
        const erow = { caseNumber: c.number, number: d.number, filedAt: new Date(d.filedAt), enteredAt: new Date(d.filedAt), text: d.text, filer: d.filer ?? null };
        const [entry] = await tx
          .insert(docketEntries)
          .values(erow)
          .onConflictDoUpdate({ target: [docketEntries.caseNumber, docketEntries.number], set: { filedAt: erow.filedAt, text: erow.text, filer: erow.filer } })
          .returning({ id: docketEntries.id });
        if (!entry) continue;
        const list = d.documents ?? [];
        for (const [part, doc] of list.entries()) {
          const bytes = docs.get(resolve(baseDir, doc.file))!;
          const existing = await tx.select({ id: documents.id }).from(documents).where(and(eq(documents.docketEntryId, entry.id), eq(documents.part, part)));
          const drow = { docketEntryId: entry.id, part, description: doc.description, filename: doc.file.split('/').pop()!, contentType: sniffType(bytes), bytes, sha256: sha256(bytes), size: bytes.length };
          if (existing[0]) await tx.update(documents).set(drow).where(eq(documents.id, existing[0].id));
          else await tx.insert(documents).values(drow);
        }
      }
    }
  });
}
