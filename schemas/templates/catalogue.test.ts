import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { templateItems, templateSchema } from '../entities/template';
import type { SourceRef, Template } from '../entities/template';
import { parseWith } from '../field-errors';
import { builtInTemplates, findTemplate, hasNewerVersion, latestTemplate } from './catalogue';
import { upgradeDraft, upgradeLosesAnswers } from '../rules/template-upgrade';
import { answerFor, draftFor } from '../testing/fixtures';
import { documents } from './sources';

// Honest references: every item names a seed file (or the brief) that exists, a heading that is
// really in it, and every "quoted" phrase in its guidance appears verbatim in the documents it
// cites. If a template is edited carelessly, these fail.

const sharedDir = fileURLToPath(new URL('../../../shared/', import.meta.url));
const seedNames = Object.values(documents).filter((d) => d !== documents.domainBrief);

function documentPath(document: string): string {
  return document === documents.domainBrief
    ? `${sharedDir}brief/domain.md`
    : `${sharedDir}seeds/${document}`;
}

const texts = new Map<string, string>();
function documentText(document: string): string {
  let text = texts.get(document);
  if (text === undefined) {
    const path = documentPath(document);
    if (!existsSync(path)) throw new Error(`Source document is missing: ${path}`);
    text = readFileSync(path, 'utf8');
    texts.set(document, text);
  }
  return text;
}

const normalise = (s: string) => s.toLowerCase().replace(/[‘’]/g, "'").replace(/\s+/g, ' ').trim();

/** Heading-like lines: markdown markers, bold and a trailing colon removed. */
function headingLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => normalise(line.replace(/^[\s#*-]+/, '').replace(/\*\*/g, '')));
}

function hasHeading(ref: SourceRef): boolean {
  const wanted = normalise(ref.section.replace(/:$/, ''));
  return headingLines(documentText(ref.document)).some((line) => line.startsWith(wanted));
}

function quotedPhrases(guidance: string): string[] {
  return [...guidance.matchAll(/"([^"]+)"/g)].flatMap((m) =>
    (m[1] ?? '')
      .split('...')
      .map((part) => part.trim().replace(/[.?!,;:]+$/, ''))
      .filter((part) => part.length > 0),
  );
}

const refsOf = (t: Template) =>
  templateItems(t).flatMap(({ item }) => [
    { where: `${t.id}/${item.id} source`, ref: item.source },
    ...(item.guidanceSource
      ? [{ where: `${t.id}/${item.id} guidanceSource`, ref: item.guidanceSource }]
      : []),
  ]);

const latestBuiltIns = [...new Set(builtInTemplates.map((t) => t.id))].map((id) =>
  latestTemplate(id)!,
);

describe('built-in templates', () => {
  test('there is one template for each of the five kinds, each version once', () => {
    const versions = builtInTemplates.map((t) => `${t.id}@${t.version}`);
    expect(versions.filter((v, i) => versions.indexOf(v) !== i)).toEqual([]);
    expect(latestBuiltIns.map((t) => t.kind).sort()).toEqual([
      'cp-conference-chairing',
      'family-feedback-call',
      'frontline-practice',
      'lac-review-chairing',
      'single-case-audit',
    ]);
  });

  test.each(builtInTemplates.map((t) => [t.id, t] as const))(
    '%s parses with its schema',
    (_id, t) => {
      const parsed = parseWith(templateSchema, t);
      expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    },
  );

  test.each(builtInTemplates.map((t) => [t.id, t] as const))(
    '%s: every item has guidance and a source reference',
    (_id, t) => {
      const missing = templateItems(t)
        .filter(({ item }) => item.guidance.trim().length < 40 || item.source.section.trim() === '')
        .map(({ item }) => item.id);
      expect(missing).toEqual([]);
    },
  );

  test.each(builtInTemplates.map((t) => [t.id, t] as const))(
    '%s: item ids are unique within the template',
    (_id, t) => {
      const ids = templateItems(t).map(({ item }) => item.id);
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    },
  );

  test.each(builtInTemplates.map((t) => [t.id, t] as const))(
    '%s: every source names a seed file or the brief, and the document exists',
    (_id, t) => {
      const allowed: readonly string[] = [...seedNames, documents.domainBrief];
      const bad = refsOf(t)
        .filter(
          ({ ref }) => !allowed.includes(ref.document) || !existsSync(documentPath(ref.document)),
        )
        .map(({ where, ref }) => `${where}: ${ref.document}`);
      expect(bad).toEqual([]);
    },
  );

  test.each(builtInTemplates.map((t) => [t.id, t] as const))(
    '%s: every source section is a heading in the named document',
    (_id, t) => {
      const bad = refsOf(t)
        .filter(({ ref }) => !hasHeading(ref))
        .map(({ where, ref }) => `${where}: ‘${ref.section}’ not in ${ref.document}`);
      expect(bad).toEqual([]);
    },
  );

  test.each(builtInTemplates.map((t) => [t.id, t] as const))(
    '%s: every quotation in guidance appears verbatim in a document the item cites',
    (_id, t) => {
      const bad: string[] = [];
      for (const { item } of templateItems(t)) {
        const cited = [item.source, item.guidanceSource]
          .filter((ref): ref is SourceRef => ref !== undefined)
          .map((ref) => normalise(documentText(ref.document)));
        for (const phrase of quotedPhrases(item.guidance)) {
          if (!cited.some((text) => text.includes(normalise(phrase))))
            bad.push(`${item.id}: "${phrase}"`);
        }
      }
      expect(bad).toEqual([]);
    },
  );

  test('scripts also cite real headings', () => {
    const scripts = builtInTemplates.flatMap((t) => t.scripts ?? []);
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((s) => !hasHeading(s.source)).map((s) => s.id)).toEqual([]);
  });

  test('guidance uses the current Ofsted wording, never the SIF "Requires improvement" alone', () => {
    const all = builtInTemplates.flatMap((t) => templateItems(t).map(({ item }) => item.guidance));
    expect(all.filter((g) => /requires improvement(?! to be good)/i.test(g))).toEqual([]);
  });

  test('the single case audit follows the seven areas of the audit tool, then feedback, reflection and plan', () => {
    const audit = findTemplate('single-case-audit', 1);
    expect(audit?.sections.map((s) => s.title)).toEqual([
      'Case information',
      'Current referral',
      'Assessment and analysis of need',
      'Planning for the child',
      'Child focus',
      'Recording',
      'Management oversight',
      'Family feedback',
      'The reflection sheet',
      'Improvement plan',
    ]);
  });

  test('every area of the single case audit ends in a graded judgement that needs reasons', () => {
    const audit = findTemplate('single-case-audit', 1);
    const areas = audit?.sections.slice(0, 7) ?? [];
    expect(
      areas.map((s) => {
        const last = s.items[s.items.length - 1];
        return [last?.response.type, last?.evidence];
      }),
    ).toEqual(Array(7).fill(['grade4', 'required-for-grade-or-no']));
  });

  test('the family call keeps consent and safeguarding scripts and logs attempts', () => {
    const call = findTemplate('family-feedback-call', 1);
    expect(call?.scripts?.map((s) => s.id)).toEqual([
      'introduction-and-consent',
      'recording',
      'safeguarding',
      'closing',
    ]);
    expect(call?.summary).toEqual([
      { part: 'family-voice', required: true, label: 'The family’s feedback' },
      { part: 'call-attempts', required: true },
    ]);
  });

  test('context dates name the timescale they start', () => {
    const rules = latestBuiltIns.flatMap((t) =>
      templateItems(t)
        .filter(({ item }) => item.timescaleRule !== undefined)
        .map(({ item }) => `${t.id}/${item.id}:${item.timescaleRule}`),
    );
    expect(rules).toEqual([
      'cp-conference-chairing/strategy-discussion-date:icpc',
      'cp-conference-chairing/initial-conference-date:first-review-conference',
      'cp-conference-chairing/previous-review-conference-date:next-review-conference',
      'lac-review-chairing/date-became-looked-after:first-cla-review',
      'lac-review-chairing/first-review-date:second-cla-review',
      'lac-review-chairing/previous-review-date:next-cla-review',
      'single-case-audit/referral-date:assessment',
      'single-case-audit/cin-plan-date:first-cin-review',
      'single-case-audit/last-cin-review-date:next-cin-review',
    ]);
  });
});

describe('looked-after review chairing, version 2', () => {
  const v1 = findTemplate('lac-review-chairing', 1)!;
  const v2 = findTemplate('lac-review-chairing', 2)!;

  test('is the latest, and version 1 stays for the records pinned to it', () => {
    expect(latestTemplate('lac-review-chairing')).toBe(v2);
    expect(v1.sections.flatMap((s) => s.items.map((i) => i.id))).not.toContain(
      'current-placement-date',
    );
  });

  test('adds only three optional placement questions, after the review dates, needing no evidence', () => {
    const ids = (t: Template) => templateItems(t).map(({ item }) => item.id);
    const added = ids(v2).filter((id) => !ids(v1).includes(id));
    expect(added).toEqual([
      'current-placement-date',
      'placement-until-18',
      'last-social-worker-visit-date',
    ]);
    expect(ids(v2).filter((id) => !added.includes(id))).toEqual(ids(v1));
    const about = v2.sections.find((s) => s.id === 'about-the-review')!;
    expect(about.items.map((i) => i.id).slice(3, 7)).toEqual(['previous-review-date', ...added]);
    for (const { item } of templateItems(v2).filter(({ item }) => added.includes(item.id))) {
      expect([item.required, item.evidence, item.timescaleRule]).toEqual([
        false,
        'none',
        undefined,
      ]);
    }
    const { sections: _s1, version: _v1, ...rest1 } = v1;
    const { sections: _s2, version: _v2, ...rest2 } = v2;
    expect(rest2).toEqual(rest1);
    expect(v2.sections.filter((s) => s.id !== 'about-the-review')).toEqual(
      v1.sections.filter((s) => s.id !== 'about-the-review'),
    );
  });
});

describe('moving a looked-after review draft to version 2', () => {
  test('keeps every answer of a fully answered version 1 draft and only adds the new questions', () => {
    const v1 = findTemplate('lac-review-chairing', 1)!;
    const v2 = findTemplate('lac-review-chairing', 2)!;
    const record = draftFor(v1);
    for (const { item } of templateItems(v1)) record.responses[item.id] = answerFor(item);
    const { record: upgraded, report } = upgradeDraft(record, v1, v2);
    expect(upgradeLosesAnswers(report)).toBe(false);
    expect(report.added.map((a) => [a.itemId, a.required])).toEqual([
      ['current-placement-date', false],
      ['placement-until-18', false],
      ['last-social-worker-visit-date', false],
    ]);
    expect([report.moved, report.dropped, report.reworded]).toEqual([[], [], []]);
    expect(upgraded.templateVersion).toBe(2);
    expect(upgraded.responses).toEqual(record.responses);
  });
});

describe('catalogue lookup', () => {
  test('finds an exact version and nothing else', () => {
    expect(findTemplate('frontline-practice', 1)?.title).toBe(
      'Frontline practice observation: home visit or direct work',
    );
    expect(findTemplate('frontline-practice', 2)).toBeUndefined();
    expect(findTemplate('no-such-template', 1)).toBeUndefined();
  });

  test('latest version and newer-version check', () => {
    const v1 = builtInTemplates[0] as Template;
    const v2: Template = { ...v1, version: 2 };
    const catalogue = [v2, v1];
    expect(latestTemplate(v1.id, catalogue)?.version).toBe(2);
    expect(hasNewerVersion({ templateId: v1.id, templateVersion: 1 }, catalogue)).toBe(true);
    expect(hasNewerVersion({ templateId: v1.id, templateVersion: 2 }, catalogue)).toBe(false);
    expect(latestTemplate('no-such-template', catalogue)).toBeUndefined();
  });
});
