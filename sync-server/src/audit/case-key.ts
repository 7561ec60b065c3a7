// A case ID as the audit trail records it: a keyed hash (HMAC-SHA-256 under a random key the
// database holds, made by migration 0021), never the ID itself. A subject access request about a
// case is audited with it, so the trail says which case was asked about, to whoever can name the
// case and holds the key, without keeping a child's case ID in clear: when the case has no
// records, or none left after a retention deletion, nothing else in the trail leads to it.
import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database';

export const AUDIT_CASE_KEY = 'audit-case-key';

export async function auditCaseKey(db: Kysely<Database>, caseId: string): Promise<string> {
  const row = await db
    .selectFrom('server_keys')
    .select('private_key')
    .where('purpose', '=', AUDIT_CASE_KEY)
    .executeTakeFirstOrThrow();
  const mac = createHmac('sha256', Buffer.from(row.private_key, 'base64url'))
    .update(caseId, 'utf8')
    .digest('hex');
  return `hmac-sha256:${mac}`;
}
