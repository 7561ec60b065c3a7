// The pull cursor is opaque to the device: base64url JSON that only the server reads. A tampered
// cursor cannot widen access, because every page (the catch-up of newly granted scopes too) is
// filtered by the user's access now, whatever scopes the cursor names (pull.ts).
import { z } from 'zod';
import { ID_PATTERN } from '../../../schemas/entities/common';
import { AppError } from '../errors';

// Every id in a cursor reaches a query, so a tampered one is held to the id rule.
const idSchema = z.string().regex(ID_PATTERN);
const positionIdSchema = z.union([z.literal(''), idSchema]);

const cursorSchema = z
  .object({
    v: z.literal(1),
    /** Position in the global sequence: every change up to (seq, id) has been delivered. */
    seq: z.number().int().nonnegative(),
    id: positionIdSchema,
    /**
     * The oldest valid position (min_valid_seq) when this cursor was issued. Purges remove a prefix
     * of the sequence, so a later purge reached past this cursor's position only if min_valid_seq
     * has since risen above both. Absent on cursors issued before it existed (treated as 0).
     */
    horizon: z.number().int().nonnegative().optional(),
    /** Scopes the device holds in full, so newly granted ones can be caught up. */
    scopes: z.array(idSchema).max(1000),
    /** Delivery of the older records of newly granted scopes, up to `bound`. */
    catchUp: z
      .strictObject({
        scopes: z.array(idSchema).max(1000),
        bound: z.number().int().nonnegative(),
        seq: z.number().int().nonnegative(),
        id: positionIdSchema,
      })
      .optional(),
  })
  .strict();

export type Cursor = z.infer<typeof cursorSchema>;

export const START_CURSOR: Cursor = { v: 1, seq: 0, id: '', scopes: [] };

/**
 * Whether a cursor still sees every deletion after its position. Purges remove every tombstone up
 * to min_valid_seq (a prefix of the sequence). A purge since the cursor was issued that removed a
 * tombstone after its position raised min_valid_seq above both the position and the horizon the
 * cursor carries; tombstones purged before the cursor's pull began were of records that device
 * never held, so a pull that started at or after the horizon is not sent back to the start.
 */
export function cursorStillValid(c: Cursor, minValidSeq: number): boolean {
  return minValidSeq <= Math.max(c.seq, c.horizon ?? 0);
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

export function decodeCursor(s: string | null): Cursor {
  if (s === null) return START_CURSOR;
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
  } catch {
    throw new AppError(
      400,
      'CURSOR_INVALID',
      'The sync position sent by this device is not one the server issued. Sync again from the start.',
    );
  }
}
