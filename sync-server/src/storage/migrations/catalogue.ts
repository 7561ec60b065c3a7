// Forward-only, numbered migrations. Append a new file and a new entry; never edit or remove one
// that has shipped (tests/storage/migrations.test.ts guards the numbering).
import type { Migration } from 'kysely';
import * as m0001 from './0001-settings';

export const migrations: Record<string, Migration> = {
  '0001-settings': m0001,
};
