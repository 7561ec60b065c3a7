// The people a signed-in person works with: everyone who shares one of their teams, so an
// observer can name the practitioner they observed (and share the record with them), give an
// action an owner, or a QA lead assign an observation. Names and roles only: no email addresses.
// A QA lead also gets the active guest observers (in no team, so `scopeIds` is empty).
import { z } from 'zod';
import { roleKeySchema } from './account';

export const directoryPersonSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  role: roleKeySchema,
  /** The teams they share with the person asking (services expanded to their groups). */
  scopeIds: z.array(z.string()),
});
export type DirectoryPerson = z.infer<typeof directoryPersonSchema>;

export const directoryResponseSchema = z.object({ people: z.array(directoryPersonSchema) });
export type DirectoryResponse = z.infer<typeof directoryResponseSchema>;
