// Local checklists: templates an authority adapts from the built-in ones and publishes. Each
// publication is the next version of its id and is never edited; every version stays published,
// because records stay pinned to the version they began under. The push validation checks records
// against the built-in catalogue and these.
import type { Kysely } from 'kysely';
import { builtInGradeScales, findGradeScale } from '../../../schemas/entities/grade-scale';
import { templateSchema } from '../../../schemas/entities/template';
import type { Template } from '../../../schemas/entities/template';
import type { PublishedTemplate } from '../../../schemas/admin/templates';
import { builtInTemplates } from '../../../schemas/templates/catalogue';
import { sectionsWithTakenTitles } from '../../../schemas/rules/task-titles';
import { canonicalJson, sha256 } from '../audit/chain';
import { AppError } from '../errors';
import type { Database } from '../storage/database';

type Db = Kysely<Database>;

// Parsed versions by a stamp of the table (count and latest publication): versions are never
// edited, so an unchanged stamp means unchanged contents. Bounded, for processes with several
// databases (tests).
const cache = new Map<string, PublishedTemplate[]>();

/** Every published local version, parsed once per change (pushes read this on every call). */
export async function publishedTemplates(db: Db): Promise<PublishedTemplate[]> {
  const stamp = await db
    .selectFrom('local_templates')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('published_at').as('last')])
    .executeTakeFirstOrThrow();
  const key = `${Number(stamp.n)}|${String(stamp.last ?? '')}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const rows = await db
    .selectFrom('local_templates')
    .selectAll()
    .orderBy('template_id')
    .orderBy('version')
    .execute();
  const published: PublishedTemplate[] = [];
  for (const r of rows) {
    const parsed = templateSchema.safeParse(JSON.parse(r.body));
    // A body a newer release wrote that this one cannot read is left out, not fatal.
    if (!parsed.success) continue;
    published.push({
      template: parsed.data,
      basedOn:
        r.based_on_id !== null && r.based_on_version !== null
          ? { id: r.based_on_id, version: Number(r.based_on_version) }
          : null,
      publishedAt: r.published_at,
      publishedBy: r.published_by,
    });
  }
  if (cache.size >= 16) cache.delete(cache.keys().next().value!);
  cache.set(key, published);
  return published;
}

/** The built-in catalogue and the published local versions, for validating records. */
export async function allTemplates(db: Db): Promise<Template[]> {
  return [...builtInTemplates, ...(await publishedTemplates(db)).map((p) => p.template)];
}

export const templatesVersion = (published: readonly PublishedTemplate[]): string =>
  sha256(
    canonicalJson(published.map((p) => [p.template.id, p.template.version, p.publishedAt])),
  ).slice(0, 32);

const refuse = (code: string, message: string) => new AppError(400, code, message);

/** Publishes the next version of a local template; returns it as stored. */
export async function publishTemplate(
  tx: Db,
  input: { template: Template; basedOn?: { id: string; version: number } | undefined },
  publishedBy: string,
  now = new Date(),
): Promise<PublishedTemplate> {
  const id = input.template.id;
  if (builtInTemplates.some((t) => t.id === id)) {
    throw refuse(
      'TEMPLATE_ID_BUILT_IN',
      `‘${id}’ is a built-in template. Give the adapted copy an id of its own, such as ‘${id}-local’.`,
    );
  }
  const taken = sectionsWithTakenTitles(input.template)[0];
  if (taken) {
    throw refuse(
      'TASK_TITLE_REPEATED',
      `Another part of the checklist is also called ‘${taken.title}’. Give the section a title of its own, so the task list can tell them apart.`,
    );
  }
  if (!findGradeScale(input.template.gradeScaleId, builtInGradeScales)) {
    throw refuse(
      'GRADE_SCALE_UNKNOWN',
      `Grade scale ‘${input.template.gradeScaleId}’ is not available. Use one of: ${builtInGradeScales.map((g) => g.id).join(', ')}.`,
    );
  }
  if (input.basedOn) {
    const known = [...builtInTemplates, ...(await publishedTemplates(tx)).map((p) => p.template)];
    if (!known.some((t) => t.id === input.basedOn!.id && t.version === input.basedOn!.version)) {
      throw refuse(
        'TEMPLATE_UNKNOWN',
        `There is no template ‘${input.basedOn.id}’ version ${input.basedOn.version} to base this on.`,
      );
    }
  }
  const latest = await tx
    .selectFrom('local_templates')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('template_id', '=', id)
    .executeTakeFirst();
  const version = Number(latest?.v ?? 0) + 1;
  const template = templateSchema.parse({ ...input.template, version });
  const row = {
    template_id: id,
    version,
    body: JSON.stringify(template),
    based_on_id: input.basedOn?.id ?? null,
    based_on_version: input.basedOn?.version ?? null,
    published_at: now.toISOString(),
    published_by: publishedBy,
  };
  try {
    await tx.insertInto('local_templates').values(row).execute();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      throw new AppError(
        409,
        'TEMPLATE_VERSION_TAKEN',
        'Another publication of this template came first. Publish again.',
      );
    }
    throw err;
  }
  return {
    template,
    basedOn: input.basedOn ?? null,
    publishedAt: row.published_at,
    publishedBy,
  };
}
