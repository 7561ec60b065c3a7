// An item's source as a practitioner reads it under "What good looks like": a document they would
// know, never the name of the file it is kept in here (catalogue.test.ts checks that every
// reference names a real file and a heading in it).
import { describe, expect, test } from 'vitest';
import { templateItems } from '../entities/template';
import { builtInTemplates } from './catalogue';
import { brief, documents, fromBrief, fromOfsted, fromQaf, ofsted, qaf } from './sources';
import { sourceWords } from './source-titles';

const fileNames = /\.(txt|md)\b|brief\/|\b[0-9]{3}_[0-9a-f]{16}\b/;

describe('the words of a source', () => {
  test.each(builtInTemplates.map((t) => [`${t.id} v${t.version}`, t] as const))(
    '%s: no item’s source or guidance source shows a file name',
    (_, template) => {
      const shown = templateItems(template).flatMap(({ item }) =>
        [item.source, item.guidanceSource].flatMap((ref) => (ref ? [sourceWords(ref)] : [])),
      );
      expect(shown.filter((words) => fileNames.test(words))).toEqual([]);
    },
  );

  test('a seed document by its title, with its section', () => {
    expect(sourceWords(fromQaf(qaf.monthlyAudits))).toBe(
      'Southwark Children’s Social Care Quality Assurance Framework (2015), 2. Monthly Service Audits',
    );
    expect(sourceWords(fromOfsted(ofsted.helpAndProtection))).toBe(
      'Ofsted: what good looks like, 1. Children in need of help and protection',
    );
  });

  test('a section of the brief by the published sources it cites', () => {
    expect(sourceWords(fromBrief(brief.timescales))).toBe(
      'Working Together to Safeguard Children; Care Planning, Placement and Case Review (England) Regulations 2010',
    );
    for (const section of Object.values(brief))
      expect(sourceWords(fromBrief(section))).not.toMatch(fileNames);
  });

  test('a source an authority typed into its own checklist is shown as typed', () => {
    expect(sourceWords({ document: 'Our practice standards', section: 'Visits' })).toBe(
      'Our practice standards, Visits',
    );
    expect(documents.domainBrief).toBe('brief/domain.md');
  });
});
