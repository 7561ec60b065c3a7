import { newObservation } from '../entities/observation';
import type { Observation, ResponseEntry } from '../entities/observation';
import { templateItems } from '../entities/template';
import type { Template, TemplateItem } from '../entities/template';

// Builders for tests (here and in tests/): a valid draft, and a record that answers everything a
// template asks, so a test can take one thing away and see exactly one problem.

export function testId(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export const NOW = '2026-05-12T10:15:00Z';

export function draftFor(template: Template, id = testId(1)): Observation {
  return newObservation({
    id,
    kind: template.kind,
    templateId: template.id,
    templateVersion: template.version,
    ownerId: testId(900),
    scopeId: testId(800),
    serviceId: testId(700),
    now: NOW,
  });
}

/** A valid answer for an item, with evidence where the item takes it. */
export function answerFor(item: TemplateItem): ResponseEntry {
  const evidence = item.evidence === 'none' ? {} : { evidence: `Evidence for ${item.id}` };
  switch (item.response.type) {
    case 'grade4':
      return { value: 'good', ...evidence };
    case 'ynna':
    case 'ypndk': {
      // "Yes" unless it would ask for a follow-up (a concern raised, actions added).
      const follows = [...(item.requiresOn?.concern ?? []), ...(item.requiresOn?.action ?? [])];
      return { value: follows.includes('yes') ? 'no' : 'yes', ...evidence };
    }
    case 'scale0to10':
      return { value: 7, ...evidence };
    case 'text':
      return { value: `Answer to ${item.id}` };
    case 'date':
      return { value: '2026-04-01' };
    case 'choice': {
      const first = item.response.options[0]?.key ?? '';
      return item.response.multiple
        ? { choices: { [first]: true }, ...evidence }
        : { value: first, ...evidence };
    }
  }
}

/** A record with every item answered and every summary part filled in. */
export function completeFor(template: Template, id = testId(1)): Observation {
  const record = draftFor(template, id);
  for (const { item } of templateItems(template)) record.responses[item.id] = answerFor(item);
  record.context = {
    observedName: 'Sam Practitioner',
    observedRole: 'Social worker',
    setting: 'Family home',
    date: '2026-05-11',
    startTime: '10:00',
    caseId: 'CS-20931',
    consent: { given: 'yes', byWhom: 'Mother', how: 'Verbally, at the start of the visit' },
  };
  record.summary = {
    strengths: 'Warm and direct with the children.',
    areasForDevelopment: 'Share reports earlier.',
    overallGrade: 'good',
    overallReasons: 'Consistently good practice across the areas observed.',
    feedback: { held: true, date: '2026-05-11', restorative: true, notes: 'Held after the visit.' },
    reflection: 'I found it useful.',
  };
  record.family = {
    whoAnswered: 'parent',
    language: 'English',
    interpreterUsed: false,
    familyWords: 'She listens to us.',
    auditorSummary: 'Mother positive about the current worker.',
  };
  return record;
}
