// Observations and their child rows for report tests, written through the real push (so the
// reporting tables are maintained exactly as in production), and a tablet's view of them
// through the real pull.
import type { Kysely } from 'kysely';
import type { ObservationKind } from '../../schemas/entities/observation-kind';
import type { FieldValue } from '../../schemas/entities/field-value';
import type { SyncRecord } from '../../schemas/sync/records';
import { latestTemplate } from '../../schemas/templates/catalogue';
import { exemptAssignment } from '../../sync-server/src/programme/assignments';
import { planAssignments } from '../../sync-server/src/programme/plans';
import type { Database } from '../../sync-server/src/storage/database';
import type { Actor } from '../../sync-server/src/sync/actor';
import { pull } from '../../sync-server/src/sync/pull';
import { push } from '../../sync-server/src/sync/push';
import { markDoneAsOf } from './record-history';
import { MutationIds, newId, pullReq, pushReq } from './sync-fixtures';
import { submittableFields } from './submittable';

type Fields = Record<string, FieldValue>;
type Db = Kysely<Database>;

const TEMPLATE_OF: Record<ObservationKind, string> = {
  'cp-conference-chairing': 'cp-conference-chairing',
  'lac-review-chairing': 'lac-review-chairing',
  'frontline-practice': 'frontline-practice',
  'family-feedback-call': 'family-feedback-call',
  'single-case-audit': 'single-case-audit',
};

/** Answers by item id: each becomes `responses.<itemId>.value`. */
export function answers(values: Record<string, FieldValue>): Fields {
  return Object.fromEntries(
    Object.entries(values).map(([itemId, v]) => [`responses.${itemId}.value`, v]),
  );
}

type Moving = { observer: Actor; status: 'submitted' | 'moderated'; moderator?: Actor };

export class ReportSeeder {
  private readonly ids = new MutationIds();
  /** Observations past draft: their call attempts and actions are added as an amendment adds them. */
  private readonly submitted = new Set<string>();
  /** Family feedback calls to submit once their first call attempt is added (the rules need one). */
  private readonly waiting = new Map<string, Moving>();
  constructor(private readonly db: Db) {}

  private async version(id: string): Promise<number> {
    const row = await this.db
      .selectFrom('records')
      .select('seq')
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  async put(
    actor: Actor,
    m: {
      recordId: string;
      type: 'observation' | 'action' | 'review-comment' | 'call-attempt' | 'assignment';
      parentId?: string;
      scopeId?: string;
      set: Fields;
      op?: 'put' | 'delete';
      /** The amendment a change to a submitted observation's content is part of. */
      amendmentId?: string;
    },
  ): Promise<void> {
    const res = await push(
      this.db,
      actor,
      pushReq(actor, [
        this.ids.take(actor, {
          recordId: m.recordId,
          type: m.type,
          op: m.op ?? 'put',
          ...(m.parentId ? { parentId: m.parentId } : {}),
          ...(m.scopeId ? { scopeId: m.scopeId } : {}),
          baseVersion: await this.version(m.recordId),
          set: m.set,
          ...(m.amendmentId ? { amendmentId: m.amendmentId } : {}),
        }),
      ]),
    );
    const r = res.results[0]!;
    if (r.status !== 'applied') throw new Error(`push rejected: ${r.code} ${r.message}`);
  }

  /** An observation of this kind in this scope, moved on to `status` (by `moderator` past submitted). */
  async observation(
    observer: Actor,
    scopeId: string,
    kind: ObservationKind,
    fields: Fields,
    opts: { status?: 'draft' | 'submitted' | 'moderated'; moderator?: Actor; id?: string } = {},
  ): Promise<string> {
    const template = latestTemplate(TEMPLATE_OF[kind])!;
    const id = opts.id ?? newId();
    const status = opts.status ?? 'submitted';
    await this.put(observer, {
      recordId: id,
      type: 'observation',
      scopeId,
      set: {
        kind,
        templateId: template.id,
        templateVersion: template.version,
        status: 'draft',
        // The server submits only a complete observation: what the test left out is filled in.
        ...(status === 'draft' ? fields : submittableFields(template, fields)),
      },
    });
    if (status === 'draft') return id;
    const moving: Moving = {
      observer,
      status,
      ...(opts.moderator ? { moderator: opts.moderator } : {}),
    };
    if (kind === 'family-feedback-call') this.waiting.set(id, moving);
    else await this.moveOn(id, moving);
    return id;
  }

  private async moveOn(id: string, { observer, status, moderator }: Moving): Promise<void> {
    await this.put(observer, { recordId: id, type: 'observation', set: { status: 'submitted' } });
    this.submitted.add(id);
    if (status === 'moderated')
      await this.put(moderator!, {
        recordId: id,
        type: 'observation',
        set: { status: 'moderated' },
      });
  }

  async child(
    actor: Actor,
    parentId: string,
    type: 'action' | 'review-comment' | 'call-attempt',
    set: Fields,
  ): Promise<string> {
    const id = newId();
    // After submission, a call attempt or an action is part of what was recorded: added while
    // amending (schemas/rules/after-submission.ts).
    const amending = this.submitted.has(parentId) && type !== 'review-comment';
    await this.put(actor, {
      recordId: id,
      type,
      parentId,
      set,
      ...(amending ? { amendmentId: newId() } : {}),
    });
    const waiting = this.waiting.get(parentId);
    if (waiting && type === 'call-attempt') {
      this.waiting.delete(parentId);
      await this.moveOn(parentId, waiting);
    }
    return id;
  }

  /**
   * A programme assignment planned by a QA lead, through the real route's code; then done on the
   * day the test needs (`completedAt`, see record-history.ts), or exempted by a head of service
   * (`exemptBy`).
   */
  async assignment(
    planner: Actor,
    a: {
      scopeId: string;
      observer: Actor;
      dueDate: string;
      kind?: ObservationKind;
      completedAt?: string;
      exemptBy?: Actor;
    },
  ): Promise<string> {
    const [made] = await planAssignments(this.db, planner, [
      {
        scopeId: a.scopeId,
        kind: a.kind ?? 'frontline-practice',
        observerUserId: a.observer.userId,
        observedName: 'A practitioner',
        dueDate: a.dueDate,
      },
    ]);
    const id = made!.id;
    if (a.completedAt) await markDoneAsOf(this.db, id, a.completedAt);
    if (a.exemptBy) await exemptAssignment(this.db, a.exemptBy, id, { reason: 'sickness' });
    return id;
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.put(actor, { recordId: id, type: 'observation', op: 'delete', set: {} });
  }
}

/** Every record this user's tablet would hold after a full pull. */
export async function pullEverything(db: Db, actor: Actor): Promise<SyncRecord[]> {
  const records = new Map<string, SyncRecord>();
  let cursor: string | null = null;
  for (;;) {
    const page = await pull(db, actor, pullReq(actor, cursor, 500));
    for (const r of page.records) records.set(r.id, r);
    cursor = page.cursor;
    if (!page.hasMore) return [...records.values()];
  }
}
