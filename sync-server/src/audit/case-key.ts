// A case ID as the audit trail records it: a keyed hash (HMAC-SHA-256 under a random key the
// database holds, made by migration 0021), never the ID itself. A subject access request about a
// case is audited with it, so the trail says which case was asked about, to whoever can name the
// case and holds the key, without keeping a child's case ID in clear: when the case has no
// records, or none left after a retention deletion, nothing else in the trail leads to it.
import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database';

export const AUDIT_CASE_KEY = 'audit-case-key';

/**
 * Case IDs are accepted in any letter case (`case-1001` is `CASE-1001`), so the ID is upper-cased
 * before it is hashed: one case, one key, however it was typed. The prefix says so. Entries
 * written before (`hmac-sha256:`) hashed the ID exactly as typed, and a keyed hash cannot be
 * recomputed in another form: check one of those with the ID as it was typed then. Those that
 * found records are also linked to them in `audit_records`, whatever was typed.
 */
export async function auditCaseKey(db: Kysely<Database>, caseId: string): Promise<string> {
  const row = await db
    .selectFrom('server_keys')
    .select('private_key')
    .where('purpose', '=', AUDIT_CASE_KEY)
    .executeTakeFirstOrThrow();
  const mac = createHmac('sha256', Buffer.from(row.private_key, 'base64url'))
    .update(caseId.toUpperCase(), 'utf8')
    .digest('hex');
  return `hmac-sha256-upper:${mac}`;
}
