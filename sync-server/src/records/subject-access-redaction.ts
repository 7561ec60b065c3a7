// Other people's data in a subject access answer (UK GDPR Art. 15(4), DPA 2018 Sch. 2 Part 3). A
// record about a child is written by staff and grades the practitioner observed; a record a member
// of staff wrote names a child's case and holds words others wrote. Each row and audit entry is
// marked with whose data it is, and by default every third party's part is withheld or replaced
// (a member of staff by their role), each listed with why, for the officer to review before
// disclosing. The rules, by field:
//
//   case IDs               the child's: kept for a case, withheld for a member of staff
//   staff ids              kept when they are the subject; otherwise replaced by the role
//   staff names            kept when the id beside them is the subject; otherwise withheld
//   grades, practice text  the observed practitioner's workforce data: kept only when the subject
//                          is the one observed; practice text the subject wrote is theirs too
//   the family's answers   answers and evidence of the items in a section the record's template
//                          marks `answeredBy: 'family'` (a family feedback call's questions): the
//                          family's own, kept for a case; for a member of staff kept only when
//                          they are the one observed or wrote it down, otherwise the child's
//   who gave consent       a member of the family: kept for a case, the child's for staff
//   other free text        for a member of staff, kept only when they wrote it (field_meta's
//                          device); for a case, kept (it is about the child)
//   edits kept aside       (conflicts, superseded values) withheld unless the subject's own
//   audit entries          the actor replaced by their role unless the subject; content walked by
//                          the same rules; pages read list only the answer's records; an entry
//                          by the subject about other people's records or accounts is withheld
import type { Kysely } from 'kysely';
import type {
  Party,
  SubjectAccessResponse,
  ThirdParty,
  WithheldPart,
} from '../../../schemas/admin/audit';
import type { AuditEntry, RecordExport } from '../../../schemas/admin/records-export';
import { roleLabels } from '../../../schemas/api/account';
import type { RoleKey } from '../../../schemas/api/account';
import { staticFieldPaths } from '../../../schemas/entities/observation-fields';
import type { Database } from '../storage/database';
import { findTemplateIn } from '../../../schemas/entities/template';
import type { Template } from '../../../schemas/entities/template';
import { allTemplates } from '../templates/local-templates';

type Db = Kysely<Database>;
type Why = SubjectAccessResponse['records'][number]['why'][number];
type Mode = SubjectAccessResponse['thirdParty']['mode'];
type Subject = { userId: string } | { caseId: string };
type Found = RecordExport & { why: Why[] };

const CASE_KEYS = new Set(['caseId', 'context.caseId']);
const STAFF_ID_KEYS = new Set([
  'ownerId',
  'ownerUserId',
  'context.observedUserId',
  'observedUserId',
  'observerUserId',
  'raisedBy',
  'acknowledgedBy',
  'exemption.grantedBy',
  'grantedBy',
  'createdBy',
  'by',
  'from',
  'to',
  'userId',
]);
/** A name, and the id field that says whose it is. */
const STAFF_NAME_KEYS: Record<string, string | null> = {
  'context.observedName': 'context.observedUserId',
  observedName: 'observedUserId',
  observerName: 'observerUserId',
  ownerName: 'ownerUserId',
  whoWasTold: null,
};
const PRACTICE_TEXT = new Set([
  'summary.strengths',
  'summary.areasForDevelopment',
  'summary.overallReasons',
  'summary.feedback.notes',
  'summary.reflection',
]);
const OTHER_TEXT = new Set(['what', 'reason', 'note', 'exemption.note', 'exemption.reason']);

/** Names a member of the child's family (consent is the family's or the child's to give). */
const FAMILY_NAME_KEYS = new Set(['context.consent.byWhom']);
const RESPONSE_PART = /^responses\.([^.]+)\.(value|evidence|choices\..+)$/;

type Category =
  'case' | 'family-name' | 'staff-id' | 'staff-name' | 'grade' | 'practice-text' | 'text';

function classify(key: string): Category | null {
  if (CASE_KEYS.has(key)) return 'case';
  if (FAMILY_NAME_KEYS.has(key)) return 'family-name';
  if (STAFF_ID_KEYS.has(key) || /^alsoAcknowledged\.\d+\.by$/.test(key)) return 'staff-id';
  if (key in STAFF_NAME_KEYS || /^whoWasTold\.\d+\.name$/.test(key)) return 'staff-name';
  if (
    key === 'summary.overallGrade' ||
    key === 'moderatorGrade' ||
    /^responses\.[^.]+\.(value|choices\..+)$/.test(key)
  )
    return 'grade';
  if (PRACTICE_TEXT.has(key) || /^responses\.[^.]+\.evidence$/.test(key)) return 'practice-text';
  if (OTHER_TEXT.has(key) || (staticFieldPaths as Record<string, string>)[key] === 'text')
    return 'text';
  return null;
}

/** What a part is in: the row or entry, what it says of the subject, and who wrote it. */
type Where = {
  recordId: string | null;
  auditSeq: number | null;
  /** The subject is the practitioner this record observes (or the assignment names). */
  observesSubject: boolean;
  /** The record's own fields, for the id beside a name. */
  fields: Record<string, unknown>;
  /** The items whose answers are the family's (their template's `answeredBy: 'family'`). */
  familyItems: ReadonlySet<string>;
  writerOf: (key: string) => string | null;
};

type Decision =
  { keep: true } | { keep: false; whose: ThirdParty; reason: string; replacedBy: string | null };

const KEEP: Decision = { keep: true };

/** The rules for one answer, and the parts withheld so far. */
function redactor(subject: Subject, mode: Mode, roles: ReadonlyMap<string, string>) {
  const withheld: WithheldPart[] = [];
  let seen = false;
  const staffId = 'userId' in subject ? subject.userId : null;
  const roleOf = (userId: unknown) => {
    const role = typeof userId === 'string' ? roles.get(userId) : undefined;
    return role ? `a member of staff: ${roleLabels[role as RoleKey] ?? role}` : 'a member of staff';
  };

  function decide(key: string, value: unknown, where: Where): Decision {
    const category = classify(key);
    if (category === null) return KEEP;
    const item = RESPONSE_PART.exec(key)?.[1];
    if (item !== undefined && where.familyItems.has(item)) {
      if (staffId === null || where.observesSubject || where.writerOf(key) === staffId) return KEEP;
      return {
        keep: false,
        whose: 'child',
        reason: 'what the family said on a family feedback call',
        replacedBy: null,
      };
    }
    switch (category) {
      case 'case':
        return staffId === null
          ? KEEP
          : { keep: false, whose: 'child', reason: 'a child’s case ID', replacedBy: null };
      case 'family-name':
        return staffId === null
          ? KEEP
          : {
              keep: false,
              whose: 'child',
              reason: 'names a member of the child’s family',
              replacedBy: null,
            };
      case 'staff-id':
        if (typeof value !== 'string' || (staffId !== null && value === staffId)) return KEEP;
        return {
          keep: false,
          whose: 'other-staff',
          reason: 'identifies another member of staff',
          replacedBy: roleOf(value),
        };
      case 'staff-name': {
        const idKey = STAFF_NAME_KEYS[key];
        if (staffId !== null && idKey && where.fields[idKey] === staffId) return KEEP;
        const observed = key === 'context.observedName' || key === 'observedName';
        return {
          keep: false,
          whose: observed ? 'observed-practitioner' : 'other-staff',
          reason: 'names another person',
          replacedBy: null,
        };
      }
      case 'grade':
        if (staffId !== null && where.observesSubject) return KEEP;
        return {
          keep: false,
          whose: 'observed-practitioner',
          reason: 'a grade of the practitioner observed (their workforce data)',
          replacedBy: null,
        };
      case 'practice-text':
        if (staffId !== null && (where.observesSubject || where.writerOf(key) === staffId))
          return KEEP;
        return {
          keep: false,
          whose: 'observed-practitioner',
          reason: 'an assessment of the practitioner observed (their workforce data)',
          replacedBy: null,
        };
      case 'text':
        if (staffId === null || where.writerOf(key) === staffId) return KEEP;
        return {
          keep: false,
          whose: key.startsWith('family.') ? 'child' : 'other-staff',
          reason: 'text the subject did not write',
          replacedBy: null,
        };
    }
  }

  function record(where: Where, path: string, d: Exclude<Decision, { keep: true }>): boolean {
    if (mode === 'include') {
      seen = true;
      return false;
    }
    withheld.push({
      recordId: where.recordId,
      auditSeq: where.auditSeq,
      path,
      whose: d.whose,
      replacedBy: d.replacedBy,
      reason: d.reason,
    });
    return true;
  }

  /** Whether the part stays as it is (always, when other people's data is included). */
  function keeps(path: string, key: string, value: unknown, where: Where): boolean {
    const d = decide(key, value, where);
    return d.keep || !record(where, path, d);
  }

  /** Whether a whole part is withheld (never, when other people's data is included). */
  function withholds(where: Where, path: string, whose: ThirdParty, reason: string): boolean {
    return record(where, path, { keep: false, whose, reason, replacedBy: null });
  }

  /** A map (a row's fields, an entry's content) without what is withheld, nested maps walked. */
  function fields(
    map: Record<string, unknown>,
    where: Where,
    prefix = '',
  ): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(map)) {
      if (classify(key) === null && value !== null && typeof value === 'object') {
        out[key] = walk(value, where, `${prefix}${key}`);
      } else if (keeps(`${prefix}${key}`, key, value, where)) out[key] = value;
    }
    return out;
  }

  function walk(value: unknown, where: Where, path: string): unknown {
    if (Array.isArray(value)) return value.map((v, i) => walk(v, where, `${path}.${i}`));
    if (value !== null && typeof value === 'object') {
      return fields(value as Record<string, unknown>, where, `${path}.`);
    }
    return value;
  }

  /** Whether anything of someone else was met since `mark()` (withheld or, included, seen). */
  const mark = () => {
    seen = false;
    const at = withheld.length;
    return () => seen || withheld.length > at;
  };

  return { withheld, staffId, keeps, withholds, fields, mark };
}

export type RawSubjectAccess = {
  subject: Subject;
  records: Found[];
  audit: AuditEntry[];
};

/** The answer with each part marked, and other people's withheld unless `mode` is `include`. */
export async function redactSubjectAccess(
  db: Db,
  raw: RawSubjectAccess,
  mode: Mode,
): Promise<Pick<SubjectAccessResponse, 'records' | 'audit' | 'thirdParty'>> {
  const rowIds = raw.records.flatMap((r) => [r.record.id, ...r.children.map((c) => c.id)]);
  const [users, devices, metas, templates] = await Promise.all([
    db.selectFrom('users').select(['id', 'role']).execute(),
    db.selectFrom('devices').select(['id', 'user_id']).execute(),
    chunked(rowIds, (part) =>
      db.selectFrom('records').select(['id', 'field_meta']).where('id', 'in', part).execute(),
    ),
    allTemplates(db),
  ]);
  const roles = new Map(users.map((u) => [u.id, u.role]));
  const deviceUser = new Map(devices.map((d) => [d.id, d.user_id]));
  const metaOf = new Map(
    metas.map((m) => [m.id, JSON.parse(m.field_meta) as Record<string, { deviceId?: string }>]),
  );
  const r = redactor(raw.subject, mode, roles);
  const subjectId = r.staffId;
  const observes = (rec: Found) => subjectId !== null && rec.why.includes('observed');
  const familyItems = familyItemsOf(templates);

  const rootOf = new Map<string, Found>();
  for (const rec of raw.records) {
    rootOf.set(rec.record.id, rec);
    for (const c of rec.children) rootOf.set(c.id, rec);
  }

  const records = raw.records.map((rec) => {
    const row = (x: RecordExport['record']) => {
      const meta = metaOf.get(x.id) ?? {};
      const where: Where = {
        recordId: x.id,
        auditSeq: null,
        observesSubject: observes(rec),
        fields: { ...rec.record.fields, ...x.fields },
        familyItems: familyItems(rec.record.fields),
        writerOf: (key) => {
          const device = meta[key]?.deviceId ?? meta['*']?.deviceId;
          return (device ? deviceUser.get(device) : undefined) ?? x.ownerId;
        },
      };
      const met = r.mark();
      const keepOwner = r.keeps('ownerId', 'ownerId', x.ownerId, where);
      const fields = r.fields(x.fields, where) as typeof x.fields;
      const own = subjectId !== null && x.ownerId === subjectId;
      const whose: Party = own && !met() ? 'subject' : 'both';
      return {
        ...x,
        ownerId: keepOwner ? x.ownerId : null,
        ownerRole: roles.get(x.ownerId) ?? null,
        fields,
        whose,
      };
    };
    const aside = <T extends { recordId: string; path: string; userId: string }>(
      list: T[],
      kind: 'conflicts' | 'superseded',
    ) =>
      list.filter(
        (c) =>
          (subjectId !== null && c.userId === subjectId) ||
          !r.withholds(
            {
              recordId: c.recordId,
              auditSeq: null,
              observesSubject: observes(rec),
              fields: {},
              familyItems: familyItems(rec.record.fields),
              writerOf: () => c.userId,
            },
            `${kind}:${c.path}`,
            'other-staff',
            kind === 'conflicts'
              ? 'an edit by another member of staff, kept aside as a conflict'
              : 'an edit by another member of staff, superseded',
          ),
      );
    return {
      ...rec,
      record: row(rec.record),
      children: rec.children.map(row),
      conflicts: aside(rec.conflicts, 'conflicts'),
      superseded: aside(rec.superseded, 'superseded'),
    };
  });

  const inAnswer = new Set(rowIds);
  const audit = raw.audit.map((e) => {
    const rec = e.recordId ? rootOf.get(e.recordId) : undefined;
    const where: Where = {
      recordId: null,
      auditSeq: e.seq,
      observesSubject: rec ? observes(rec) : false,
      fields: rec?.record.fields ?? {},
      familyItems: familyItems(rec?.record.fields ?? {}),
      writerOf: () => e.userId,
    };
    const met = r.mark();
    const mine = subjectId !== null && e.userId === subjectId;
    let actor = { userId: e.userId as string | null, userEmail: e.userEmail, deviceId: e.deviceId };
    if (!mine && !r.keeps('userId', 'userId', e.userId, where)) {
      actor = { userId: null, userEmail: null, deviceId: null };
    }
    // An entry about someone else (another person's subject access that found these records).
    let recordId = e.recordId;
    if (
      recordId !== null &&
      !inAnswer.has(recordId) &&
      recordId !== subjectId &&
      r.withholds(where, 'recordId', 'other-people', 'names another person or their record')
    ) {
      recordId = null;
    }
    let content: unknown = e.content;
    if (content !== null && typeof content === 'object' && !Array.isArray(content)) {
      let c = content as Record<string, unknown>;
      if (e.recordId !== null && !rec && e.recordId !== subjectId) {
        // By the subject, about someone else's record or account.
        if (
          r.withholds(where, 'content', 'other-people', 'about other people’s records or accounts')
        )
          content = null;
      } else {
        if (Array.isArray(c['records'])) {
          const listed = c['records'].map(String);
          const kept = listed.filter((id) => inAnswer.has(id));
          if (
            kept.length < listed.length &&
            r.withholds(where, 'content.records', 'other-people', 'records about other people')
          ) {
            c = { ...c, records: kept };
          }
        }
        content = r.fields(c, where, 'content.');
      }
    }
    const whose: Party = mine && !met() ? 'subject' : 'both';
    return { ...e, ...actor, recordId, userRole: roles.get(e.userId) ?? null, content, whose };
  });

  return {
    records,
    audit,
    thirdParty: { mode, withheld: r.withheld, notice: notice(mode, r.withheld) },
  };
}

/** A record's items (by its pinned template) whose answers are the family's, not a grade. */
function familyItemsOf(templates: readonly Template[]) {
  const none: ReadonlySet<string> = new Set();
  const byTemplate = new Map<string, ReadonlySet<string>>();
  return (fields: Record<string, unknown>): ReadonlySet<string> => {
    const id = fields['templateId'];
    const version = fields['templateVersion'];
    if (typeof id !== 'string' || typeof version !== 'number') return none;
    const key = `${id}@${version}`;
    let items = byTemplate.get(key);
    if (!items) {
      const template = findTemplateIn(templates, id, version);
      items = new Set(
        (template?.sections ?? [])
          .filter((s) => s.answeredBy === 'family')
          .flatMap((s) => s.items.map((i) => i.id)),
      );
      byTemplate.set(key, items);
    }
    return items;
  };
}

function notice(mode: Mode, withheld: readonly WithheldPart[]): string {
  if (mode === 'include') {
    return 'Other people’s data is included, as asked: other members of staff, children and the practitioners observed appear as they are held. Disclose it only where that is reasonable (their consent, or no adverse effect on them: UK GDPR Article 15(4), DPA 2018 Schedule 2 Part 3).';
  }
  if (withheld.length === 0) {
    return 'Nothing of anyone else was found to withhold. Read the records through before disclosing: free text may still name others.';
  }
  const count = (whose: ThirdParty) => withheld.filter((w) => w.whose === whose).length;
  const parts = (
    [
      ['other members of staff (shown by role instead)', count('other-staff')],
      ['children (case IDs, their families’ words)', count('child')],
      ['the practitioners observed (grades and assessments)', count('observed-practitioner')],
      ['other people’s records and accounts', count('other-people')],
    ] as const
  )
    .filter(([, n]) => n > 0)
    .map(([what, n]) => `${n} about ${what}`);
  return `${withheld.length} ${withheld.length === 1 ? 'part was' : 'parts were'} withheld as other people’s data (UK GDPR Article 15(4), DPA 2018 Schedule 2 Part 3): ${parts.join('; ')}. Each is listed with why. Review them before disclosing; free text kept may still name others. Ask again with other people’s data included only where disclosing it is reasonable.`;
}

async function chunked<T>(ids: readonly string[], q: (part: string[]) => Promise<T[]>) {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 500) out.push(...(await q(ids.slice(i, i + 500))));
  return out;
}
