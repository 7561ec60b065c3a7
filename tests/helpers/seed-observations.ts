// Realistic observations pushed to a real server as another device of the same person: about
// 60 fields each (grades with evidence) and a 400-character note, valid for their template.
import { templateItems } from '../../schemas/entities/template';
import { frontlinePracticeV1 } from '../../schemas/templates/frontline-practice';
import { HttpSyncClient, signInHttp } from './http-client';

const NOTE =
  'The practitioner explained the purpose of the visit clearly and checked the family understood. '
    .repeat(5)
    .slice(0, 400);

export function observationFields(
  i: number,
  serviceId: string,
): Record<string, string | number | boolean> {
  const fields: Record<string, string | number | boolean> = {
    kind: 'frontline-practice',
    templateId: frontlinePracticeV1.id,
    templateVersion: frontlinePracticeV1.version,
    status: 'draft',
    sharedWithPractitioner: false,
    serviceId,
    'context.observedName': `Practitioner ${i % 97}`,
    'context.observedRole': 'Social worker',
    'context.caseId': `AB-${10_000 + i}`,
    'context.setting': 'Family home',
    'context.date': '2026-05-01',
    'summary.strengths': NOTE,
  };
  for (const { item } of templateItems(frontlinePracticeV1)) {
    if (item.response.type === 'grade4') {
      fields[`responses.${item.id}.value`] = 'good';
      fields[`responses.${item.id}.evidence`] = `Seen during the visit (${item.id})`;
    } else if (item.response.type === 'ynna' || item.response.type === 'ypndk') {
      fields[`responses.${item.id}.value`] = 'yes';
    }
  }
  return fields;
}

/** Pushes `count` observations for the person; resolves once the server has them all. */
export async function seedObservations(opts: {
  baseUrl: string;
  email: string;
  password: string;
  scopeId: string;
  serviceId: string;
  count: number;
  /** Every n-th one stays a draft; the rest are submitted (a second edit, as on a tablet). */
  draftEvery?: number;
}): Promise<void> {
  const session = await signInHttp(opts.baseUrl, opts.email, opts.password, 'Seeding tablet');
  const client = new HttpSyncClient(() => opts.baseUrl, session);
  const draftEvery = opts.draftEvery ?? 20;
  for (let i = 0; i < opts.count; i++) {
    const recordId = crypto.randomUUID();
    client.add({
      recordId,
      type: 'observation',
      op: 'put',
      scopeId: opts.scopeId,
      baseVersion: 0,
      set: observationFields(i, opts.serviceId),
    });
    if (i % draftEvery !== 0) {
      client.add({
        recordId,
        type: 'observation',
        op: 'put',
        baseVersion: 0,
        set: { status: 'submitted' },
      });
    }
  }
  await client.pushAll(100, Date.now() + 600_000);
}
