import { z } from 'zod';
import { templateSchema } from '../entities/template';

// Local checklists (server: sync-server/src/templates/). An administrator copies a built-in
// template (schemas/templates/), adapts it under an id of the authority's own, and publishes it;
// each publication is the next version of that id and is never edited afterwards. Tablets fetch
// every published version with GET /api/templates (records stay pinned to the version they began
// under, so old versions stay available).

export const publishTemplateRequestSchema = z.strictObject({
  /** The whole template. Its `version` is set by the server to the next number for its id. */
  template: templateSchema,
  /** The built-in (or local) template it was copied from, for the record. */
  basedOn: z
    .strictObject({ id: z.string().min(1).max(64), version: z.number().int().min(1) })
    .optional(),
});
export type PublishTemplateRequest = z.infer<typeof publishTemplateRequestSchema>;

export const publishedTemplateSchema = z.object({
  template: templateSchema,
  basedOn: z.object({ id: z.string(), version: z.number().int() }).nullable(),
  publishedAt: z.string(),
  publishedBy: z.string(),
});
export type PublishedTemplate = z.infer<typeof publishedTemplateSchema>;

export const templatesResponseSchema = z.object({
  /** Every published local template version, oldest first within each id. */
  templates: z.array(publishedTemplateSchema),
  /** Changes when anything is published; also the ETag. */
  version: z.string(),
});
export type TemplatesResponse = z.infer<typeof templatesResponseSchema>;
