// An amendment under way on this tablet: begun on the amend page with a reason, kept sealed as
// `scratch:amend:<observation id>` so a crash resumes it, and finished with one amendment row
// whose id it holds from the start. Every edit of that observation made meanwhile names it
// (`amendmentId`): that is how the server tells an amendment of a submitted observation from a
// stale or stray edit, which it refuses (schemas/rules/after-submission.ts).
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
};

export const amendSessionKey = (observationId: string) => `scratch:amend:${observationId}` as const;

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
