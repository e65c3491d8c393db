/**
 * What a server's data directory holds, read from its files as the store would load them: the
 * tickets' day files, then their journal (`journal/tickets.<n>.jsonl`, lines not yet compacted
 * into the day files) replayed over them. A torn last line (a write in progress) is skipped.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

type StoredTicket = { no: string; description?: string; kioskId?: string; idempotencyKey?: string };

/** Every stored ticket (the content of its latest acknowledged write). */
export function storedTickets(dataDir: string): StoredTicket[] {
  const byNo = new Map<string, StoredTicket>();
  const included = new Map<string, number>();
  const dir = path.join(dataDir, 'tickets');
  if (existsSync(dir)) {
    // Only finished files: a write in progress is a dot-file that is renamed into place.
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('.'))) {
      const data = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { journal?: number; records: StoredTicket[] };
      included.set(f.slice(0, -'.json'.length), data.journal ?? 0);
      for (const r of data.records) byNo.set(r.no, r);
    }
  }
  const journal = path.join(dataDir, 'journal');
  const segments = existsSync(journal)
    ? readdirSync(journal)
        .filter((f) => /^tickets\.\d+\.jsonl$/.test(f))
        .sort()
    : [];
  for (const f of segments) {
    for (const line of readFileSync(path.join(journal, f), 'utf8').split('\n')) {
      let entry: { s: number; p: string; r: StoredTicket };
      try {
        entry = JSON.parse(line);
      } catch {
        continue;
      }
      if (entry.s > (included.get(entry.p) ?? 0)) byNo.set(entry.r.no, entry.r);
    }
  }
  return [...byNo.values()];
}

/** The text of every tickets file (day files and journal segments): equal snapshots mean nothing was written. */
export function ticketFilesSnapshot(dataDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const sub of ['tickets', 'journal']) {
    const dir = path.join(dataDir, sub);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) out[`${sub}/${f}`] = readFileSync(path.join(dir, f), 'utf8');
  }
  return out;
}
