import { useLocation } from 'preact-iso';
import { judgedTimescales } from '../../../schemas/timescales';
import type { TemplateSection } from '../../../schemas/entities/template';
import { ButtonGroup } from '../../ui/content';
import { useServices } from '../../lib/services';
import { ObservationFrame, NotFound } from './frame';
import { AuditFamilyCall } from './audit-call';
import { ItemField } from './item-field';
import { continueHref, partsOf } from './model';
import type { Part } from './model';
import type { LoadedObservation } from './use-observation';
import { WithObservation } from './with-observation';
import { partErrors, useObservationForm } from './use-observation-form';
import { useSaveAndContinue } from './save-and-continue';

export function SectionPage({ id, sectionId }: { id: string; sectionId: string }) {
  return (
    <WithObservation id={id} editable>
      {(data) => <SectionForm data={data} sectionId={sectionId} />}
    </WithObservation>
  );
}

function SectionForm({ data, sectionId }: { data: LoadedObservation; sectionId: string }) {
  const parts = partsOf(data.template, data.view.id);
  const index = parts.findIndex((p) => p.id === `section-${sectionId}`);
  const section = data.template.sections.find((s) => s.id === sectionId);
  if (!section || index < 0) return <NotFound />;
  return <SectionQuestions data={data} section={section} parts={parts} index={index} />;
}

function SectionQuestions({
  data,
  section,
  parts,
  index,
}: {
  data: LoadedObservation;
  section: TemplateSection;
  parts: Part[];
  index: number;
}) {
  const { query } = useLocation();
  const { settings } = useServices();
  const form = useObservationForm(data);
  const part = parts[index]!;
  const next = continueHref(query, data.view.id, parts[index + 1]?.href);
  const checked = partErrors(data, part.owns, query['check'] === '1');
  const saveAndContinue = useSaveAndContinue(data, form, part, next, checked);
  const { errors } = saveAndContinue;
  // Once submitted, the timescales in force then (as the server stamped them), as in the report;
  // a draft, or a record pulled before the stamp, by the settings now.
  const judged = judgedTimescales(data.observation.submittedTimescales, settings.timescales);
  const fromCheck = query['from'] === 'check';
  return (
    <ObservationFrame
      data={data}
      title={section.title}
      back={fromCheck ? next : (parts[index - 1]?.href ?? `/observations/${data.view.id}`)}
      errors={errors.links}
      errorsAttempt={saveAndContinue.attempt}
      save={form}
    >
      {section.description ? <p class="govuk-body">{section.description}</p> : null}
      {data.template.kind === 'single-case-audit' && section.id === 'family-feedback' ? (
        <AuditFamilyCall data={data} form={form} />
      ) : null}
      {section.items.map((item) => (
        <ItemField
          key={item.id}
          item={item}
          template={data.template}
          scale={data.scale}
          observation={data.observation}
          form={form}
          errors={errors.map}
          conflicts={data.view.conflicts}
          recordId={data.view.id}
          timescales={judged}
        />
      ))}
      <ButtonGroup>
        {saveAndContinue.button}
        <a class="govuk-link" href={`/observations/${data.view.id}`}>
          Return to the task list
        </a>
      </ButtonGroup>
    </ObservationFrame>
  );
}
