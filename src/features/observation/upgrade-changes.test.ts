import { expect, test } from 'vitest';
import { newObservation } from '../../../schemas/entities/observation';
import { flattenObservation } from '../../../schemas/entities/observation-fields';
import type { Template } from '../../../schemas/entities/template';
import { upgradeDraft } from '../../../schemas/rules/template-upgrade';
import { frontlinePracticeV1 } from '../../../schemas/templates/frontline-practice';
import { upgradeChanges } from './upgrade-changes';

test('an upgrade saves the new version, clears dropped answers and leaves the rest alone', () => {
  const v1 = { ...(frontlinePracticeV1 as Template), id: 'frontline-practice-local' };
  const v2: Template = structuredClone(v1);
  v2.version = 2;
  v2.sections[0]!.items = v2.sections[0]!.items.filter((i) => i.id !== 'skills-to-focus-on');
  const draft = newObservation({
    id: 'obs-0000-0000-0001',
    kind: 'frontline-practice',
    templateId: v1.id,
    templateVersion: 1,
    ownerId: 'user-0000-0001',
    scopeId: 'scope-0000-0001',
    serviceId: 'scope-0000-0001',
    now: '2026-12-01T10:00:00.000Z',
  });
  draft.responses['skills-to-focus-on'] = { value: 'Active listening' };
  draft.responses['purpose-linked-to-plan'] = { value: 'yes', evidence: 'Agreed in supervision' };
  const { record } = upgradeDraft(draft, v1, v2);
  expect(upgradeChanges(flattenObservation(draft), flattenObservation(record))).toEqual({
    templateVersion: 2,
    'responses.skills-to-focus-on.value': null,
  });
});
