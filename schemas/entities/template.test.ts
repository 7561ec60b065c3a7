import { describe, expect, test } from 'vitest';
import { parseWith } from '../field-errors';
import { findTemplate } from '../templates/catalogue';
import { findItem, templateSchema } from './template';
import type { Template } from './template';

const base = findTemplate('cp-conference-chairing', 1)!;

function errorsOf(edit: (t: Template) => void) {
  const t = structuredClone(base);
  edit(t);
  const result = parseWith(templateSchema, t);
  return result.ok ? [] : result.errors.map((e) => [e.path, e.code, e.message]);
}

describe('template schema rules', () => {
  test('item ids must be unique across the whole template', () => {
    expect(
      errorsOf((t) => {
        const first = t.sections[0]!.items[0]!;
        t.sections[1]!.items.push({ ...first });
      }),
    ).toEqual([
      ['sections.1.items.5.id', 'DUPLICATE_ID', 'Item id ‘conference-type’ is used twice'],
    ]);
  });

  test('every item needs guidance and a source', () => {
    expect(
      errorsOf((t) => {
        const item = t.sections[0]!.items[0]! as Record<string, unknown>;
        item['guidance'] = '  ';
        delete item['source'];
      }),
    ).toEqual([
      ['sections.0.items.0.guidance', 'FIELD_REQUIRED', 'Must not be blank'],
      ['sections.0.items.0.source', 'FIELD_REQUIRED', 'This field is required'],
    ]);
  });

  test('only a date can start a timescale, and evidence can be required only for grades and yes/no', () => {
    expect(
      errorsOf((t) => {
        const item = findItem(t, 'family-spoke-early')!.item;
        item.timescaleRule = 'icpc';
        const text = findItem(t, 'strategy-discussion-date')!.item;
        text.evidence = 'required-for-grade-or-no';
      }),
    ).toEqual([
      [
        'sections.0.items.1.evidence',
        'INVALID',
        'Evidence can be required only for grades and yes/no answers',
      ],
      ['sections.3.items.0.timescaleRule', 'INVALID', 'Only a date item can start a timescale'],
    ]);
  });

  test('an unknown response type or timescale rule is named', () => {
    const errors = errorsOf((t) => {
      (t.sections[0]!.items[0]! as { response: unknown }).response = { type: 'stars' };
      (t.sections[0]!.items[1]! as { timescaleRule: unknown }).timescaleRule = 'four-weeks';
    });
    expect(errors.map(([path, code]) => [path, code])).toEqual([
      ['sections.0.items.0.response.type', 'NOT_AN_OPTION'],
      ['sections.0.items.1.timescaleRule', 'NOT_AN_OPTION'],
    ]);
  });

  test('choice options need distinct keys', () => {
    expect(
      errorsOf((t) => {
        const item = findItem(t, 'conference-type')!.item;
        if (item.response.type === 'choice') item.response.options[1]!.key = 'initial';
      }),
    ).toEqual([['sections.0.items.0.response.options', 'DUPLICATE_ID', 'Option keys must differ']]);
  });
});
