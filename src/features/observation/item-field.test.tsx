import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import axe from 'axe-core';
import { useState } from 'preact/hooks';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ofstedGradeScale } from '../../../schemas/entities/grade-scale';
import { newObservation } from '../../../schemas/entities/observation';
import { templateItems } from '../../../schemas/entities/template';
import type { Template, TemplateItem } from '../../../schemas/entities/template';
import { frontlinePracticeV1 } from '../../../schemas/templates/frontline-practice';
import { familyFeedbackCallV1 } from '../../../schemas/templates/family-feedback-call';
import { cpConferenceChairingV1 } from '../../../schemas/templates/cp-conference-chairing';
import {
  lacReviewChairingV1,
  lacReviewChairingV2,
} from '../../../schemas/templates/lac-review-chairing';
import type { FieldValue } from '../../../schemas/sync/records';
import { getRecord } from '../../db';
import type { RecordForm } from '../../lib/use-record-form';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { useRecordForm } from '../../lib/use-record-form';
import { ItemField } from './item-field';

const observation = newObservation({
  id: 'observation-0001',
  kind: 'frontline-practice',
  templateId: frontlinePracticeV1.id,
  templateVersion: 1,
  ownerId: 'user-observer-0001',
  scopeId: 'scope-practice-group-a',
  serviceId: 'scope-service-0001',
  now: '2026-05-01T09:00:00Z',
});

const graded = templateItems(frontlinePracticeV1).find(
  (l) => l.item.response.type === 'grade4',
)!.item;

/** A form that only remembers values, to look at the component alone. */
function memoryForm(
  values: Record<string, FieldValue>,
  set: (p: string, v: FieldValue) => void,
): RecordForm {
  return {
    value: (p) => values[p],
    text: (p) => (values[p] === undefined || values[p] === null ? '' : String(values[p])),
    set,
    setMany: (c) => Object.entries(c).forEach(([p, v]) => set(p, v)),
    problem: () => undefined,
    partial: () => undefined,
    setPartial: () => undefined,
    flush: async () => undefined,
    state: 'saved',
    error: null,
    heldBack: [],
  };
}

function Harness({
  item,
  errors = {},
  template = frontlinePracticeV1,
}: {
  item: TemplateItem;
  errors?: Record<string, string>;
  template?: Template;
}) {
  const [values, setValues] = useState<Record<string, FieldValue>>({});
  const form = memoryForm(values, (p, v) => setValues((prev) => ({ ...prev, [p]: v })));
  return (
    <ItemField
      item={item}
      template={template}
      scale={ofstedGradeScale}
      observation={observation}
      form={form}
      errors={errors}
      conflicts={[]}
      recordId={observation.id}
      timescales={{}}
    />
  );
}

let fx: ServicesFixture;
beforeEach(async () => {
  fx = await servicesFixture();
});
afterEach(async () => {
  await fx.store.close();
});

describe('a checklist item', () => {
  test('grade radios: best first, "Not observed" last after "or", nothing pre-selected', () => {
    render(<Harness item={graded} />, { wrapper: fx.Wrapper });
    const radios = screen.getAllByRole('radio') as HTMLInputElement[];
    expect(radios.map((r) => r.labels?.[0]?.textContent)).toEqual([
      'Outstanding',
      'Good',
      'Requires improvement to be good',
      'Inadequate',
      'Not observed',
    ]);
    expect(radios.some((r) => r.checked)).toBe(false);
    expect(document.querySelector('.govuk-radios__divider')?.textContent).toBe('or');
    // The fieldset's legend is the question.
    expect(screen.getByRole('group', { name: graded.prompt })).toBeTruthy();
  });

  test('"what good looks like" is one tap away, with its source', () => {
    render(<Harness item={graded} />, { wrapper: fx.Wrapper });
    const summary = screen.getByText('What good looks like');
    expect(summary.closest('details')?.open).toBe(false);
    fireEvent.click(summary);
    expect(screen.getByText(graded.guidance)).toBeTruthy();
    expect(screen.getByText(/^Source: /).textContent).not.toMatch(/\.(txt|md)\b|brief\//);
  });

  test('"what good looks like" cites where its guidance comes from, by a title, not a file name', async () => {
    const alone = templateItems(frontlinePracticeV1).find(
      (l) => l.item.id === 'child-seen-alone',
    )!.item;
    render(<Harness item={alone} />, { wrapper: fx.Wrapper });
    const source = screen.getByText(/^Source: /);
    // The guidance quotes Ofsted; the question itself comes from the project's checklist.
    expect(source.textContent).toBe(
      'Source: Ofsted: what good looks like, 1. Children in need of help and protection',
    );
    // The field alone, without the app shell's main landmark around it (hence no region rule).
    const result = await axe.run(document.body, {
      rules: { 'color-contrast': { enabled: false }, region: { enabled: false } },
    });
    expect(result.violations.map((v) => v.id)).toEqual([]);
  });

  test('"If not, why not?" appears once "No" is chosen; under "Yes" the words already in it stay, as a comment', async () => {
    const alone = templateItems(frontlinePracticeV1).find(
      (l) => l.item.id === 'child-seen-alone',
    )!.item;
    render(<Harness item={alone} />, { wrapper: fx.Wrapper });
    const box = () => screen.queryByRole('textbox');
    // Not asked before an answer, nor beside "Yes".
    expect(box()).toBeNull();
    fireEvent.click(screen.getByLabelText('Yes'));
    expect(box()).toBeNull();
    fireEvent.click(screen.getByLabelText('No'));
    expect(screen.getByLabelText(/^If not, why not\?/)).toBe(box());
    fireEvent.input(box()!, { target: { value: 'Mother would not leave the room.' } });
    // Changed to "Yes": what was written stays, said to be a comment, not a why-not.
    fireEvent.click(screen.getByLabelText('Yes'));
    const kept = screen.getByLabelText(/^Comment/) as HTMLTextAreaElement;
    expect(kept.value).toBe('Mother would not leave the room.');
    expect(screen.queryByText(/^If not, why not\?/)).toBeNull();
    // Rubbed out, the box stays while the page is open: the keyboard is not left on nothing.
    fireEvent.input(kept, { target: { value: '' } });
    expect(box()).toBe(kept);
    const result = await axe.run(document.body, {
      rules: { 'color-contrast': { enabled: false }, region: { enabled: false } },
    });
    expect(result.violations.map((v) => v.id)).toEqual([]);
  });

  test('evidence sits beside the judgement and shows its error with the field', () => {
    render(
      <Harness
        item={graded}
        errors={{ [`responses.${graded.id}.evidence`]: 'Enter evidence for it' }}
      />,
      { wrapper: fx.Wrapper },
    );
    const evidence = screen.getByRole('textbox', {
      name: `Evidence for ${graded.prompt}`,
    }) as HTMLTextAreaElement;
    expect(evidence.getAttribute('aria-describedby')).toContain(`${evidence.id}-error`);
    expect(document.getElementById(`${evidence.id}-error`)?.textContent).toContain(
      'Enter evidence for it',
    );
  });

  test('a worrying answer on a safeguarding item offers to report a safety concern', () => {
    const flagged =
      templateItems(frontlinePracticeV1).find(
        (l) => l.item.safeguardingFlag && l.item.response.type === 'grade4',
      )?.item ?? templateItems(cpConferenceChairingV1).find((l) => l.item.safeguardingFlag)!.item;
    render(<Harness item={flagged} />, { wrapper: fx.Wrapper });
    expect(screen.queryByText(/may mean a child is not safe/)).toBeNull();
    // The live region is there, empty, before the answer, so the prompt is announced when it comes.
    const region = screen.getByTestId(`safety-prompt-${flagged.id}`);
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(region.textContent).toBe('');
    const worst = flagged.response.type === 'grade4' ? 'Inadequate' : 'No';
    fireEvent.click(screen.getByLabelText(worst));
    expect(screen.getByTestId(`safety-prompt-${flagged.id}`)).toBe(region);
    expect(region.textContent).toMatch(/may mean a child is not safe/);
    expect(screen.getByRole('link', { name: 'Report a safety concern' }).getAttribute('href')).toBe(
      `/concerns/new?observation=${observation.id}`,
    );
  });

  test('each evidence box is named for its own question', () => {
    const items = templateItems(frontlinePracticeV1)
      .map((l) => l.item)
      .filter((i) => i.evidence !== 'none')
      .slice(0, 3);
    render(
      <>
        {items.map((i) => (
          <Harness key={i.id} item={i} />
        ))}
      </>,
      { wrapper: fx.Wrapper },
    );
    for (const i of items) {
      const label =
        i.evidenceLabel ??
        (i.evidence === 'required-for-grade-or-no' ? 'Evidence' : 'Comment (optional)');
      expect(screen.getByRole('textbox', { name: `${label} for ${i.prompt}` })).toBeTruthy();
    }
  });

  test('the due date is announced in a live region that was there before the date', () => {
    const dated = templateItems(cpConferenceChairingV1).find((l) => l.item.timescaleRule)!.item;
    render(<Harness item={dated} template={cpConferenceChairingV1} />, { wrapper: fx.Wrapper });
    const region = screen.getByTestId('timeliness');
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(region.textContent).toBe('');
    fireEvent.input(screen.getByLabelText('Day'), { target: { value: '4' } });
    fireEvent.input(screen.getByLabelText('Month'), { target: { value: '5' } });
    fireEvent.input(screen.getByLabelText('Year'), { target: { value: '2026' } });
    expect(screen.getByTestId('timeliness')).toBe(region);
    expect(region.textContent).toMatch(/^Due by /);
  });
});

describe('the words around an answer', () => {
  const callItem = (id: string) =>
    templateItems(familyFeedbackCallV1).find((l) => l.item.id === id)!.item;

  test('a 0 to 10 scale names its ends once, not "0 – 0 – …"', () => {
    render(<Harness item={callItem('help-made-a-difference')} template={familyFeedbackCallV1} />, {
      wrapper: fx.Wrapper,
    });
    const radios = screen.getAllByRole('radio') as HTMLInputElement[];
    expect(radios[0]!.labels?.[0]?.textContent).toBe('0 – no difference at all');
    expect(radios[10]!.labels?.[0]?.textContent).toBe('10 – a big difference');
    expect(screen.getByText('0 is no difference at all, 10 is a big difference')).toBeTruthy();
    expect(document.body.textContent).not.toContain('0 – 0 –');
  });

  test('a family’s own words on a call are not called what the observer saw or heard', () => {
    render(<Harness item={callItem('knows-why-involved')} template={familyFeedbackCallV1} />, {
      wrapper: fx.Wrapper,
    });
    const words = screen.getByRole('textbox', { name: /^What they said, in their own words/ });
    const hint = document.getElementById(words.getAttribute('aria-describedby')!.split(' ')[0]!);
    expect(hint?.textContent).toBe('Needed for every ‘No’.');
  });

  test('a grade’s evidence hint speaks of grades, not of ‘No’', () => {
    render(<Harness item={graded} />, { wrapper: fx.Wrapper });
    expect(
      screen.getByText(
        'What you saw or heard that supports your answer. Needed for every grade except ‘Not observed’.',
      ),
    ).toBeTruthy();
  });
});

describe('due dates of a meeting', () => {
  function Review({ items }: { items: TemplateItem[] }) {
    const [values, setValues] = useState<Record<string, FieldValue>>({
      'responses.review-number.value': 'third-or-later',
    });
    const form = memoryForm(values, (p, v) => setValues((prev) => ({ ...prev, [p]: v })));
    return (
      <>
        {items.map((item) => (
          <div key={item.id} data-testid={`item-${item.id}`}>
            <ItemField
              item={item}
              template={lacReviewChairingV1}
              scale={ofstedGradeScale}
              observation={observation}
              form={form}
              errors={{}}
              conflicts={[]}
              recordId={observation.id}
              timescales={{}}
            />
          </div>
        ))}
      </>
    );
  }

  test('a third review shows what was due only under the previous review’s date, not the looked-after date', () => {
    const byId = (id: string) =>
      templateItems(lacReviewChairingV1).find((l) => l.item.id === id)!.item;
    render(<Review items={[byId('date-became-looked-after'), byId('previous-review-date')]} />, {
      wrapper: fx.Wrapper,
    });
    for (const id of ['date-became-looked-after', 'previous-review-date']) {
      const item = within(screen.getByTestId(`item-${id}`));
      fireEvent.input(item.getByLabelText('Day'), { target: { value: '6' } });
      fireEvent.input(item.getByLabelText('Month'), { target: { value: '1' } });
      fireEvent.input(item.getByLabelText('Year'), { target: { value: '2025' } });
    }
    const note = (id: string) =>
      within(screen.getByTestId(`item-${id}`)).getByTestId('timeliness').textContent;
    expect(note('date-became-looked-after')).toBe('');
    expect(note('previous-review-date')).toMatch(/^Due by /);
  });
});

describe('social worker visits (reg 28) at a looked-after review', () => {
  const review = { ...observation, context: { ...observation.context, date: '2026-04-20' } };
  const byId = (id: string) =>
    templateItems(lacReviewChairingV2).find((l) => l.item.id === id)!.item;
  const ids = ['current-placement-date', 'placement-until-18', 'last-social-worker-visit-date'];

  function Visits() {
    const [values, setValues] = useState<Record<string, FieldValue>>({});
    const form = memoryForm(values, (p, v) => setValues((prev) => ({ ...prev, [p]: v })));
    return (
      <>
        {ids.map((id) => (
          <div key={id} data-testid={`item-${id}`}>
            <ItemField
              item={byId(id)}
              template={lacReviewChairingV2}
              scale={ofstedGradeScale}
              observation={review}
              form={form}
              errors={{}}
              conflicts={[]}
              recordId={review.id}
              timescales={{}}
            />
          </div>
        ))}
      </>
    );
  }

  function typeDate(id: string, [day, month, year]: [string, string, string]) {
    const item = within(screen.getByTestId(`item-${id}`));
    fireEvent.input(item.getByLabelText('Day'), { target: { value: day } });
    fireEvent.input(item.getByLabelText('Month'), { target: { value: month } });
    fireEvent.input(item.getByLabelText('Year'), { target: { value: year } });
  }

  test('shown once, under the last visit, in a live region there before any date', () => {
    render(<Visits />, { wrapper: fx.Wrapper });
    const regions = screen.getAllByTestId('visit-timeliness');
    expect(regions).toHaveLength(1);
    const [region] = regions;
    expect(
      within(screen.getByTestId('item-last-social-worker-visit-date')).getByTestId(
        'visit-timeliness',
      ),
    ).toBe(region);
    expect(region!.getAttribute('aria-live')).toBe('polite');
    expect(region!.textContent).toBe('');

    typeDate('current-placement-date', ['5', '1', '2026']);
    expect(region!.textContent).toMatch(
      /^The first social worker visit was due by 12 January 2026 \(within 1 week of the start of the placement\)\./,
    );

    // Last visit 2 March: the next was due 13 April, a week before the review on 20 April.
    typeDate('last-social-worker-visit-date', ['2', '3', '2026']);
    expect(screen.getAllByTestId('visit-timeliness')[0]).toBe(region);
    expect(region!.textContent).toContain(
      'At the review on 20 April 2026 a visit was 7 days overdue: the last visit was on 2 March 2026, so the next was due by 13 April 2026 (6 weeks after the last visit).',
    );
    expect(within(region!).getByText('Visit overdue')).toBeTruthy();
    expect(region!.textContent).toContain('Counted every 6 weeks until you answer');
    expect(region!.textContent).toContain('it does not stop you submitting');

    fireEvent.click(within(screen.getByTestId('item-placement-until-18')).getByLabelText('No'));
    expect(region!.textContent).not.toContain('Counted every 6 weeks until you answer');

    typeDate('last-social-worker-visit-date', ['9', '3', '2026']);
    expect(region!.textContent).toMatch(
      /^Visits were up to date at the review on 20 April 2026: the last visit was on 9 March 2026\. The next visit is due by 20 April 2026 \(6 weeks after the last visit\)\./,
    );
    expect(within(region!).queryByText('Visit overdue')).toBeNull();
  });

  test('a visit before the placement is explained in the note', () => {
    render(<Visits />, { wrapper: fx.Wrapper });
    typeDate('current-placement-date', ['5', '1', '2026']);
    typeDate('last-social-worker-visit-date', ['1', '12', '2025']);
    expect(screen.getByTestId('visit-timeliness').textContent).toBe(
      'The visit on 2025-12-01 is before the placement started on 2026-01-05.',
    );
  });
});

describe('autosave of an item', () => {
  function Live({ item }: { item: TemplateItem }) {
    const form = useRecordForm({
      recordId: observation.id,
      type: 'observation',
      scopeId: 'scope-practice-group-a',
      fields: undefined,
    });
    return (
      <ItemField
        item={item}
        template={frontlinePracticeV1}
        scale={ofstedGradeScale}
        observation={observation}
        form={form}
        errors={{}}
        conflicts={[]}
        recordId={observation.id}
        timescales={{}}
      />
    );
  }

  test('a grade and its evidence reach the store, with outbox entries, and sync is told', async () => {
    render(<Live item={graded} />, { wrapper: fx.Wrapper });
    fireEvent.click(screen.getByLabelText('Good'));
    const evidence = screen.getByRole('textbox', { name: `Evidence for ${graded.prompt}` });
    fireEvent.input(evidence, { target: { value: 'Explained the plan in plain words' } });
    fireEvent.blur(evidence);
    await waitFor(async () => {
      const stored = await getRecord(fx.store.db, fx.store.cipher, observation.id);
      expect(stored?.fields[`responses.${graded.id}.value`]).toBe('good');
      expect(stored?.fields[`responses.${graded.id}.evidence`]).toBe(
        'Explained the plan in plain words',
      );
    });
    expect(await fx.store.db.outbox.count()).toBeGreaterThanOrEqual(1);
    expect(fx.edits).toBeGreaterThanOrEqual(1);
  });
});
