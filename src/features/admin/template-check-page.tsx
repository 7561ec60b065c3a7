import { useState } from 'preact/hooks';
import { publishedTemplateSchema } from '../../../schemas/admin/templates';
import { templateSchema } from '../../../schemas/entities/template';
import { sectionsWithTakenTitles } from '../../../schemas/rules/task-titles';
import { hasChanges, templateChanges } from '../../../schemas/rules/template-changes';
import { Button, Panel } from '../../ui/content';
import type { ErrorLink } from '../../ui/error-summary';
import { SummaryList } from '../../ui/summary-list';
import type { SummaryRow } from '../../ui/summary-list';
import { describeFailure, useAdminCall } from './admin-api';
import { AdminFrame } from './admin-frame';
import { emptySections, useTemplateDraft } from './template-draft';

/** Check your changes, then publish them as the next version. */
export function TemplateCheckPage() {
  const call = useAdminCall();
  const { draft, loading, save } = useTemplateDraft();
  const [errors, setErrors] = useState<ErrorLink[]>([]);
  const [published, setPublished] = useState<{ title: string; version: number } | null>(null);
  const [busy, setBusy] = useState(false);
  if (published)
    return (
      <>
        <Panel title="Checklist published">
          {published.title}, version {published.version}
        </Panel>
        <p class="govuk-body">
          Each tablet receives it at its next sync. New observations use it; observations already
          started keep their version until the observer moves them to this one.
        </p>
        <p class="govuk-body">
          <a class="govuk-link" href="/admin/templates">
            Back to checklists
          </a>
        </p>
      </>
    );
  if (loading) return <p class="govuk-body">Opening…</p>;
  if (!draft)
    return (
      <AdminFrame title="No draft checklist" back="/admin/templates">
        <p class="govuk-body">There is nothing to publish.</p>
      </AdminFrame>
    );
  const c = templateChanges(draft.base, draft.template);
  const rows: SummaryRow[] = [];
  const edit = (itemId: string, hidden: string) => ({
    href: `/admin/templates/draft/items/${itemId}`,
    hidden,
  });
  for (const a of c.added)
    rows.push({
      key: 'Added',
      value: `${a.prompt} (in ${a.sectionTitle})`,
      action: edit(a.itemId, a.prompt),
    });
  for (const r of c.reworded)
    rows.push({
      key: 'Reworded',
      value: (
        <>
          <del>{r.before}</del> <ins>{r.after}</ins>
        </>
      ),
      action: edit(r.itemId, r.after),
    });
  for (const r of c.removed) rows.push({ key: 'Removed', value: r.prompt });
  for (const g of c.guidanceChanged)
    rows.push({
      key: 'Guidance changed',
      value: g.prompt,
      action: edit(g.itemId, `guidance of ${g.prompt}`),
    });
  for (const q of c.requiredChanged)
    rows.push({
      key: q.required ? 'Now required' : 'Now optional',
      value: q.prompt,
      action: edit(q.itemId, q.prompt),
    });
  for (const m of c.moved) rows.push({ key: 'Moved', value: `${m.prompt} (to ${m.toSection})` });
  const section = (sectionId: string, hidden: string) => ({
    href: `/admin/templates/draft/sections/${sectionId}`,
    hidden,
  });
  for (const a of c.sectionsAdded)
    rows.push({
      key: 'Section added',
      value: a.title,
      action: section(a.sectionId, `section ${a.title}`),
    });
  for (const r of c.sectionsRemoved)
    rows.push({ key: 'Section removed', value: `${r.title}, with its questions` });
  for (const r of c.sectionsRenamed)
    rows.push({
      key: 'Section renamed',
      value: (
        <>
          <del>{r.before}</del> <ins>{r.after}</ins>
        </>
      ),
      action: section(r.sectionId, `section ${r.after}`),
    });
  for (const d of c.sectionsRedescribed)
    rows.push({
      key: 'Introduction changed',
      value: d.title,
      action: section(d.sectionId, `introduction of ${d.title}`),
    });
  for (const r of c.reorderedWithin)
    rows.push({
      key: 'Questions reordered',
      value: r.title,
      action: { href: '/admin/templates/draft', hidden: `order of the questions in ${r.title}` },
    });
  if (c.sectionsReordered)
    rows.push({
      key: 'Section order',
      value: draft.template.sections.map((s) => s.title).join(', '),
      action: { href: '/admin/templates/draft', hidden: 'section order' },
    });

  const publish = async () => {
    const empty = emptySections(draft.template);
    if (empty.length > 0) {
      setErrors(
        // Each link goes where the problem is mended: adding the section's first question.
        empty.map((s) => ({
          href: `/admin/templates/draft/sections/${s.id}/new`,
          text: `Add a question to ‘${s.title}’, or remove the section`,
        })),
      );
      return;
    }
    // A copy of a checklist published before this rule can carry such a title.
    const taken = sectionsWithTakenTitles(draft.template);
    if (taken.length > 0) {
      setErrors(
        taken.map((s) => ({
          href: `/admin/templates/draft/sections/${s.id}`,
          text: `Give the section ‘${s.title}’ a title of its own: another part of the checklist is called that`,
        })),
      );
      return;
    }
    const parsed = templateSchema.safeParse(draft.template);
    if (!parsed.success) {
      setErrors([
        { href: '#publish', text: parsed.error.issues[0]?.message ?? 'The checklist is not valid' },
      ]);
      return;
    }
    setBusy(true);
    const r = await call('/api/admin/templates', publishedTemplateSchema, 'POST', {
      template: parsed.data,
      basedOn: { id: draft.base.id, version: draft.base.version },
    });
    setBusy(false);
    if (!r.ok) {
      setErrors([{ href: '#publish', text: describeFailure(r.failure) }]);
      return;
    }
    await save(undefined);
    setPublished({ title: r.value.template.title, version: r.value.template.version });
  };

  return (
    <AdminFrame
      title="Check your changes before publishing"
      back="/admin/templates/draft"
      errors={errors}
    >
      <p class="govuk-body">
        {draft.template.title}, compared with version {draft.base.version} it was copied from.
      </p>
      {rows.length > 0 ? (
        <SummaryList rows={rows} />
      ) : (
        <p class="govuk-body">You have not changed anything yet.</p>
      )}
      <h2 class="govuk-heading-m">Now publish</h2>
      <p class="govuk-body">
        Publishing makes a new version of this checklist for every tablet. It cannot be changed
        afterwards; to change it again, adapt it and publish the next version.
      </p>
      <Button id="publish" onClick={() => void publish()} disabled={busy || !hasChanges(c)}>
        Publish
      </Button>
    </AdminFrame>
  );
}
