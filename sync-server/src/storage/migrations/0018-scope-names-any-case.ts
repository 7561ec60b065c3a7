import { sql } from 'kysely';
import type { Kysely } from 'kysely';

// A service or practice group's name is unique whatever its letter case ("Fostering" and
// "fostering" are one team). createScope checked that before inserting, but 0002's unique
// constraint is case-sensitive, so two requests at once (two server processes, or the admin
// command beside the server) could both pass the check and both insert. The unique index on
// lower(name) makes the second insert fail, which createScope answers SCOPE_NAME_TAKEN.
//
// A database may already hold such twins. Refusing to start would leave the operator with no way
// out but SQL (there is no rename), so the oldest keeps its name and each later one gets the
// first free " (2)", " (3)", ... after it. Teams are referred to by id everywhere (memberships,
// records, grants, reports), so nothing moves; an administrator sees the new names in the list.
const MAX_NAME = 120; // scopeNameSchema

export async function up(db: Kysely<unknown>): Promise<void> {
  // Folded by the engine itself, so the twins found are exactly those the index would refuse.
  const { rows } = await sql<{ id: string; name: string; folded: string }>`
    select id, name, lower(name) as folded from scopes order by created_at, id`.execute(db);
  const taken = new Set<string>();
  const twins: { id: string; name: string }[] = [];
  for (const r of rows) {
    if (taken.has(r.folded)) twins.push(r);
    else taken.add(r.folded);
  }
  for (const twin of twins) {
    for (let n = 2; ; n++) {
      const suffix = ` (${n})`;
      const name = twin.name.slice(0, MAX_NAME - suffix.length) + suffix;
      const { rows: folded } = await sql<{ f: string }>`
        select lower(cast(${name} as text)) as f`.execute(db);
      const f = folded[0]!.f;
      if (taken.has(f)) continue;
      taken.add(f);
      await sql`update scopes set name = ${name} where id = ${twin.id}`.execute(db);
      break;
    }
  }
  await sql`create unique index scopes_name_any_case on scopes (lower(name))`.execute(db);
}
