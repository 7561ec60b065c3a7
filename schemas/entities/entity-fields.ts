// Child rows (actions, call attempts, amendments, review comments, safety concerns) travel as
// flat field maps like observations do. Nested values become dotted paths and arrays numbered
// ones (`whoWasTold.0.name`), so every leaf is a scalar the sync engine can merge.
import type { FieldValue } from './field-value';

type Json = FieldValue | Json[] | { [key: string]: Json };

/** `{ a: { b: 1 }, c: [{ d: 2 }] }` to `{ 'a.b': 1, 'c.0.d': 2 }`; undefined leaves are left out. */
export function flattenEntity(value: Record<string, unknown>): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  const walk = (node: unknown, prefix: string) => {
    if (node === undefined) return;
    if (node === null || typeof node !== 'object') {
      out[prefix] = node as FieldValue;
      return;
    }
    const entries = Array.isArray(node)
      ? node.map((v, i) => [String(i), v] as const)
      : Object.entries(node as Record<string, unknown>);
    for (const [key, child] of entries) walk(child, prefix ? `${prefix}.${key}` : key);
  };
  walk(value, '');
  return out;
}

// Segments that would reach an object's prototype rather than a property of its own: a path
// like `__proto__.x` written by another device must not change every object in the app.
const UNSAFE_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

/** The inverse of flattenEntity: numbered segments make arrays, in order. */
export function unflattenEntity(
  fields: Readonly<Record<string, FieldValue>>,
): Record<string, Json> {
  const root: Record<string, Json> = {};
  for (const [path, value] of Object.entries(fields)) {
    if (value === null) continue;
    const segments = path.split('.');
    if (segments.some((s) => UNSAFE_SEGMENTS.has(s))) continue;
    let node: Record<string, Json> | Json[] = root;
    segments.forEach((segment, i) => {
      const last = i === segments.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(segments[i + 1]!);
      const container = node as Record<string, Json>;
      if (last) {
        container[segment] = value;
        return;
      }
      if (typeof container[segment] !== 'object' || container[segment] === null) {
        container[segment] = nextIsIndex ? [] : {};
      }
      node = container[segment] as Record<string, Json> | Json[];
    });
  }
  // Arrays filled by index may have holes if an index is missing; drop them.
  const compact = (node: Json): Json => {
    if (Array.isArray(node)) return node.filter((v) => v !== undefined).map(compact);
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, compact(v)]));
    }
    return node;
  };
  return compact(root) as Record<string, Json>;
}
