// An observation on the tablet as its observer saved it, for the tests of the pages that show one.
import type { FieldValue } from '../../schemas/entities/field-value';
import type { Template } from '../../schemas/entities/template';
import { frontlinePracticeV1 } from '../../schemas/templates/frontline-practice';
import { saveFields } from '../../src/db';
import { SCOPE } from './db-fixtures';
import type { TestStore } from './db-fixtures';

/**
 * Saves observation `id` of `template` (frontline practice unless said), submitted, in the
 * observer's practice group; `fields` adds its answers or says otherwise (a draft, moderated).
 */
export async function saveObservation(
  store: TestStore,
  id: string,
  fields: Record<string, FieldValue> = {},
  template: Template = frontlinePracticeV1,
): Promise<void> {
  await saveFields(store.db, store.cipher, {
    recordId: id,
    type: 'observation',
    scopeId: SCOPE,
    changes: {
      kind: template.kind,
      templateId: template.id,
      templateVersion: template.version,
      status: 'submitted',
      ...fields,
    },
  });
}
