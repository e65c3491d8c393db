/**
 * The store of this server process: opened once, lazily, from DATA_DIR, holding the data
 * directory's lock for the life of the process. Features add their repository here (one field
 * and one line in openStore), so keep it small.
 */
import path from 'node:path';
import { AppendLog } from './append-log';
import { acquireDataDirLock, resolveDataDir } from './data-dir';
import { KioskEnrolmentRepository, KioskRepository } from './kiosks';
import { TicketRepository } from './tickets';

/** One line of the audit log (append-only, one file per month under `<dataDir>/audit`). */
export interface AuditEntry {
  /** ISO time. */
  at: string;
  /** Who: user id and username, or "system". */
  actor: { id: string; username?: string };
  /** What, dotted: `ticket.revealPhone`, `ticket.assign`, `user.signIn` … */
  action: string;
  /** What it was done to, e.g. a ticket number or a user id. */
  target?: string;
  /** Extra facts (never a password, never a full phone number). */
  detail?: Record<string, string | number | boolean>;
}

export interface Store {
  dataDir: string;
  tickets: TicketRepository;
  /** Each kiosk's last heartbeat (kiosk health). */
  kiosks: KioskRepository;
  /** Enrolled kiosks and their credentials' hashes. */
  kioskEnrolments: KioskEnrolmentRepository;
  audit: AppendLog<AuditEntry>;
  /** Releases the lock (tests; the server keeps it until it exits). */
  close(): void;
}

/** Opens the store in `dataDir`, taking its lock (throws when another live process holds it). */
export async function openStore(dataDir: string): Promise<Store> {
  const release = acquireDataDirLock(dataDir);
  const onExit = () => release();
  process.once('exit', onExit);
  try {
    const [tickets, kiosks, kioskEnrolments] = await Promise.all([
      TicketRepository.open(dataDir),
      KioskRepository.open(dataDir),
      KioskEnrolmentRepository.open(dataDir),
    ]);
    return {
      dataDir,
      tickets,
      kiosks,
      kioskEnrolments,
      audit: new AppendLog<AuditEntry>(path.join(dataDir, 'audit')),
      close() {
        process.off('exit', onExit);
        release();
      },
    };
  } catch (error) {
    process.off('exit', onExit);
    release();
    throw error;
  }
}

let store: Promise<Store> | undefined;

/** The process's store, opened on first use from DATA_DIR (./data by default). */
export function getStore(): Promise<Store> {
  store ??= openStore(resolveDataDir()).catch((error) => {
    store = undefined;
    throw error;
  });
  return store;
}
