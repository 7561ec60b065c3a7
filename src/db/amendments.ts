// An amendment under way on this tablet: begun on the amend page with a reason, kept sealed as
// `scratch:amend:<observation id>` so a crash resumes it, and finished with one amendment row
// whose id it holds from the start. Every edit of that observation made meanwhile names it
// (`amendmentId`): that is how the server tells an amendment of a submitted observation from a
// stale or stray edit, which it refuses (schemas/rules/after-submission.ts).
//
// An amendment is made only while the observation is submitted or moderated. Returned for more
// evidence (or closed) while one is open here, the session stops for good: from then on it names
// nothing (its row would be refused, so an edit naming it would name an amendment never written),
// even once the observation is submitted again, and it is kept only so the person is told why it
// stopped and shown their reason, until they say they have read it (the amend page).
import { observationStatusSchema } from '../../schemas/entities/observation';
import type { ObservationStatus } from '../../schemas/entities/observation';
import type { ChildWrote } from '../../schemas/rules/amendment-cancel';
import type { ChildRowState } from '../../schemas/rules/amendment-diff';
import { isAmendable } from '../../schemas/rules/status';
import type { FieldMap } from '../../schemas/sync/records';
import type { RecordCipher } from './cipher';
import type { LocalDatabase } from './database';
import { readSealed, writeSealed } from './session-store';

export type AmendSession = {
  /** The id the amendment row will have; the edits made while amending name it. */
  id: string;
  reason: string;
  /** The observation's fields when amending began, to work out what changed. */
  before: FieldMap;
  startedAt: string;
  /**
   * The observation's status when the tablet found it no longer amendable (returned for more
   * evidence, or closed) while this was open: the amendment stopped there, and names nothing.
   */
  stopped?: ObservationStatus;
  /**
   * What the amendment's own edits of the observation last left in each field they wrote (begun
   * empty; absent in a session begun by a release that kept none, and then never begun part-way): cancelling puts back only a field that still
   * holds it, never one someone else has changed since (schemas/rules/amendment-cancel.ts).
   */
  wrote?: FieldMap;
  /**
   * The content of its improvement actions and call attempts when it began (absent in a session
   * begun by a release that kept none): finishing records what changed in them (`diffChildRows`).
   */
  children?: ChildRowState[];
  /**
   * What the amendment's own edits of its improvement actions and call attempts last left in each
   * row they touched, by the row's id: whether the row was there, and each content field written
   * (`wrote` for the child rows). Begun empty; absent in a session begun by a release that kept
   * none, which is then never started part-way (it would miss the edits made before): cancelling
   * such a session counts every row that differs as the amendment's.
   */
  childWrote?: Record<string, ChildWrote>;
};

const PREFIX = 'scratch:amend:';

export const amendSessionKey = (observationId: string) => `${PREFIX}${observationId}` as const;

export async function readAmendSession(
  db: LocalDatabase,
  cipher: RecordCipher,
  observationId: string,
): Promise<AmendSession | undefined> {
  const found = await readSealed<Partial<AmendSession>>(db, cipher, amendSessionKey(observationId));
  if (!found) return undefined;
  if (found.id) return found as AmendSession;
  // Begun by a release that kept no id: it takes one now, and keeps it.
  const session = { ...found, id: crypto.randomUUID() } as AmendSession;
  await writeSealed(db, cipher, amendSessionKey(observationId), session);
  return session;
}

export async function writeAmendSession(
  db: LocalDatabase,
  cipher: RecordCipher,
  observationId: string,
  session: AmendSession | undefined,
): Promise<void> {
  await writeSealed(db, cipher, amendSessionKey(observationId), session);
}

/** An observation's status as its record holds it (absent: a draft; not a status: taken as closed). */
function statusOf(status: unknown): ObservationStatus {
  const parsed = observationStatusSchema.safeParse(status ?? 'draft');
  return parsed.success ? parsed.data : 'closed';
}

/** The session stopped where the observation is not amendable; whether it was stopped now. */
async function stopIfOvertaken(
  db: LocalDatabase,
  cipher: RecordCipher,
  observationId: string,
  session: AmendSession,
  status: unknown,
): Promise<boolean> {
  const now = statusOf(status);
  if (session.stopped || isAmendable(now)) return false;
  await writeAmendSession(db, cipher, observationId, { ...session, stopped: now });
  return true;
}

/**
 * The amendment an edit of this observation (or of one of its child rows) is part of, if one is
 * under way: not stopped, its row not written yet (finished: an edit after it is not part of it),
 * and the observation, as this tablet holds it before the edit (`observation`, read only when a
 * session is open), submitted or moderated. Found returned or closed, the session stops here, in
 * the edit's transaction.
 */
export async function amendmentUnderWay(
  db: LocalDatabase,
  cipher: RecordCipher,
  observationId: string,
  observation: () => Promise<{ status?: string } | undefined>,
): Promise<string | undefined> {
  const session = await readAmendSession(db, cipher, observationId);
  if (!session || session.stopped) return undefined;
  const row = await observation();
  if (!row) return undefined;
  if (await stopIfOvertaken(db, cipher, observationId, session, row.status)) return undefined;
  return (await db.records.get(session.id)) ? undefined : session.id;
}

/**
 * Stops every open session whose observation a pull has just brought back returned or closed
 * (`stored`: its status as stored now, undefined when the pull did not bring it), so the
 * session does not come back to life should the observation be submitted again elsewhere before
 * this tablet makes an edit of it. Sessions are few: one lookup of their keys, then one read each.
 */
export async function stopOvertakenAmendments(
  db: LocalDatabase,
  cipher: RecordCipher,
  stored: (observationId: string) => { status?: string } | undefined,
): Promise<void> {
  const keys = await db.meta.where('key').startsWith(`sealed:${PREFIX}`).primaryKeys();
  for (const key of keys) {
    const observationId = String(key).slice(`sealed:${PREFIX}`.length);
    const found = stored(observationId);
    if (!found || isAmendable(statusOf(found.status))) continue;
    const session = await readAmendSession(db, cipher, observationId);
    if (session) await stopIfOvertaken(db, cipher, observationId, session, found.status);
  }
}

/**
 * Notes what an edit of the observation made as part of amendment `amendmentId` left in the fields
 * it wrote (`values`, after any merge), in the edit's own transaction. A session that keeps no such
 * record (begun by an older release) is left so: begun part-way, it would miss the edits made
 * before, whose fields a cancel would then leave changed.
 */
export async function noteAmendmentWrites(
  db: LocalDatabase,
  cipher: RecordCipher,
  observationId: string,
  amendmentId: string,
  values: FieldMap,
): Promise<void> {
  const session = await readAmendSession(db, cipher, observationId);
  if (!session || session.id !== amendmentId || !session.wrote) return;
  await writeAmendSession(db, cipher, observationId, {
    ...session,
    wrote: { ...session.wrote, ...values },
  });
}

/**
 * Notes what an edit of one of the observation's improvement actions or call attempts made as
 * part of amendment `amendmentId` left in it (`live`: the row is there after it; `values`: the
 * content fields it wrote, after any merge), in the edit's own transaction. A session that keeps
 * no such record (begun by an older release) is left so.
 */
export async function noteAmendmentChildWrites(
  db: LocalDatabase,
  cipher: RecordCipher,
  observationId: string,
  amendmentId: string,
  childId: string,
  written: ChildWrote,
): Promise<void> {
  const session = await readAmendSession(db, cipher, observationId);
  if (!session || session.id !== amendmentId || !session.childWrote) return;
  const was = session.childWrote[childId];
  await writeAmendSession(db, cipher, observationId, {
    ...session,
    childWrote: {
      ...session.childWrote,
      [childId]: {
        live: written.live,
        fields: { ...was?.fields, ...written.fields },
        ...(written.removedWith ? { removedWith: written.removedWith } : {}),
      },
    },
  });
}
