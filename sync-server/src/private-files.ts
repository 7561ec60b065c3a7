// The server's files hold records of children at risk: the database and its journal, backups, the
// data directory's lock. Only the server's own user may read them, whatever umask the service
// manager or the shell left (the usual 022 makes files readable by every user of the machine).
import fs from 'node:fs';

/** For the process's entry points: every file and directory it creates is private from now on. */
export function keepFilesPrivate(): void {
  process.umask(0o077);
}

/**
 * A database created before the server kept its files private (0644 under the usual umask):
 * made private as it is opened. A file that is not there yet is made private by the umask.
 */
export function makeDatabaseFilesPrivate(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(f, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}
