// Hashing for the audit chain. An entry's hash covers the previous entry's hash and the entry's
// own facts, including the hash of its content (not the content itself), so content can be erased
// under a retention rule without breaking the chain.
import { createHash } from 'node:crypto';

export type EntryFacts = {
  seq: number;
  at: string;
  userId: string;
  deviceId: string | null;
  action: string;
  recordId: string | null;
  contentHash: string;
};

/** The hash before the first entry (as written by migration 0004). */
export const GENESIS = '0'.repeat(64);

export const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * JSON with sorted keys, so equal content always hashes equally. Written as plain loops: every
 * change a push applies passes through here (an observation's 60 fields on creation).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  // The default sort orders strings by UTF-16 code units, as `<` does.
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    const json =
      v === null || typeof v !== 'object' ? (JSON.stringify(v) ?? 'null') : canonicalJson(v);
    out += `${first ? '' : ','}${JSON.stringify(k)}:${json}`;
    first = false;
  }
  return `${out}}`;
}

/**
 * canonicalJson of an object whose members are at hand already as canonical JSON: the same bytes,
 * without serialising them again (a creation's audit content holds the record's fields, which the
 * push has just written as canonical JSON).
 */
export function canonicalObjectOf(members: Readonly<Record<string, string>>): string {
  const keys = Object.keys(members).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    out += `${i ? ',' : ''}${JSON.stringify(keys[i])}:${members[keys[i]!]}`;
  }
  return `${out}}`;
}

export function entryHash(prevHash: string, e: EntryFacts): string {
  return sha256(
    `${prevHash}\n${canonicalJson({
      seq: e.seq,
      at: e.at,
      userId: e.userId,
      deviceId: e.deviceId,
      action: e.action,
      recordId: e.recordId,
      contentHash: e.contentHash,
    })}`,
  );
}
