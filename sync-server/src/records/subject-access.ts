// Everything the service holds about one person or one case, for a subject access request: the
// person's account, devices and identities; the records they made, the observations of them
// (observed staff are data subjects too: grades are workforce data), the programme's assignments
// naming them as observer or as the person to observe, or the records of the case; each with its
// child rows; and the audit entries by the person or about those records. Other people's data in
// it is marked and, unless asked for, withheld (subject-access-redaction.ts).
import type { Kysely } from 'kysely';
import type { SubjectAccessQuery, SubjectAccessResponse } from '../../../schemas/admin/audit';
import { userNotFound, userSummary } from '../accounts/accounts-repository';
import type { Database } from '../storage/database';
import { auditEntries, exportRecords } from './export';
import { redactSubjectAccess } from './subject-access-redaction';

type Db = Kysely<Database>;
type Why = SubjectAccessResponse['records'][number]['why'][number];

/**
 * Roots whose own fields hold `"path":value` (JSON text is matched, then parsed to be sure). A
 * case ID is accepted in any letter case and kept as typed, so `anyCase` matches it regardless
 * (lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not).
 */
async function rootsWithField(
  db: Db,
  path: string,
  value: string,
  anyCase = false,
): Promise<string[]> {
  const needle = `%${JSON.stringify(path).slice(0, -1)}":${JSON.stringify(value)}%`;
  const same = anyCase
    ? (held: unknown) => typeof held === 'string' && held.toUpperCase() === value.toUpperCase()
    : (held: unknown) => held === value;
  const rows = await db
    .selectFrom('records')
    .select(['id', 'root_id', 'fields'])
    .where((eb) =>
      anyCase
        ? eb(eb.fn('lower', ['fields']), 'like', needle.toLowerCase())
        : eb('fields', 'like', needle),
    )
    .execute();
  return [
    ...new Set(
      rows
        .filter((r) => same((JSON.parse(r.fields) as Record<string, unknown>)[path]))
        .map((r) => r.root_id),
    ),
  ];
}

/** Said with every answer about a member of staff: what it cannot find, and how to find it. */
export const NOT_LINKED_NOTICE =
  'Records that name this person only by a typed name, not linked to their account, are not included: names are not unique, so they are not searched for. To find an observation or audit that names them this way, ask again by the case ID it is about, or look for the typed name in the records of their team.';

export async function subjectAccess(db: Db, q: SubjectAccessQuery): Promise<SubjectAccessResponse> {
  const why = new Map<string, Set<Why>>();
  const add = (ids: readonly string[], reason: Why) => {
    for (const id of ids) why.set(id, (why.get(id) ?? new Set()).add(reason));
  };
  let account: SubjectAccessResponse['account'] = null;
  if (q.userId) {
    const user = await userSummary(db, q.userId).catch(() => {
      throw userNotFound(`with the id ${JSON.stringify(q.userId)}`);
    });
    const [devices, identities] = await Promise.all([
      db
        .selectFrom('devices')
        .selectAll()
        .where('user_id', '=', user.id)
        .orderBy('created_at')
        .execute(),
      db.selectFrom('user_identities').selectAll().where('user_id', '=', user.id).execute(),
    ]);
    account = {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      status: user.status,
      createdAt: user.createdAt,
      scopes: user.scopes.map((s) => ({ id: s.id, name: s.name })),
      devices: devices.map((d) => ({
        id: d.id,
        name: d.name,
        createdAt: d.created_at,
        lastSeenAt: d.last_seen_at,
        revokedAt: d.revoked_at,
      })),
      identities: identities.map((i) => ({
        issuer: i.issuer,
        subject: i.subject,
        createdAt: i.created_at,
      })),
    };
    const authored = await db
      .selectFrom('records')
      .select('root_id')
      .distinct()
      .where((eb) => eb.or([eb('owner_id', '=', user.id), eb('root_owner_id', '=', user.id)]))
      .execute();
    add(
      authored.map((r) => r.root_id),
      'author',
    );
    add(await rootsWithField(db, 'context.observedUserId', user.id), 'observed');
    // An assignment is made by the QA lead who planned it; it names the others in its own fields.
    add(await rootsWithField(db, 'observedUserId', user.id), 'observed');
    add(await rootsWithField(db, 'observerUserId', user.id), 'assigned');
  } else if (q.caseId) {
    add(await rootsWithField(db, 'context.caseId', q.caseId, true), 'case');
    // Safety concerns and audit assignments carry the case ID in a field of their own.
    add(await rootsWithField(db, 'caseId', q.caseId, true), 'case');
  }
  const rootIds = [...why.keys()].sort();
  const found = (await exportRecords(db, rootIds)).map((r) => ({
    ...r,
    why: [...(why.get(r.record.id) ?? [])].sort(),
  }));
  const rowIds = found.flatMap((r) => [r.record.id, ...r.children.map((c) => c.id)]);
  const entries = await auditEntries(db, {
    recordIds: rowIds,
    ...(q.userId ? { userId: q.userId } : {}),
  });
  const subject = q.userId ? { userId: q.userId } : { caseId: q.caseId! };
  const { records, audit, thirdParty } = await redactSubjectAccess(
    db,
    { subject, records: found, audit: entries },
    q.thirdParty ?? 'withhold',
  );
  return {
    subject,
    generatedAt: new Date().toISOString(),
    account,
    notIncluded: q.userId ? NOT_LINKED_NOTICE : null,
    records,
    audit,
    thirdParty,
  };
}
