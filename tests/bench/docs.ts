// The one document generator both systems are measured with (sync.md section 6): an observation of
// 60 fields and a 400-character note, every field a real path of the frontline practice template
// with a value it accepts, so the server validates it as it would a tablet's. Deterministic, so
// runs compare.
import { templateItems } from '../../schemas/entities/template';
import type { Template } from '../../schemas/entities/template';
import { choicePath, responsePath } from '../../schemas/entities/observation-fields';
import { frontlinePracticeV1 } from '../../schemas/templates/frontline-practice';

const WORDS =
  'calm clear warm plan child family visit school risk safety evidence voice wishes feelings review'.split(
    ' ',
  );
const GRADES = ['outstanding', 'good', 'requires-improvement-to-be-good', 'inadequate'];
const template = frontlinePracticeV1 as Template;

export const DOC_FIELDS = 60;
export const NOTE_LENGTH = 400;

function note(i: number): string {
  let s = '';
  for (let k = 0; s.length < NOTE_LENGTH; k++) s += `${WORDS[(i * 7 + k * 3) % WORDS.length]} `;
  return s.slice(0, NOTE_LENGTH);
}

const word = (i: number, k: number) => WORDS[(i + k) % WORDS.length]!;

/** Field paths and values as the sync protocol carries them (a flat map of scalars). */
export function makeFields(i: number): Record<string, string | number | boolean> {
  const f: Record<string, string | number | boolean> = {
    kind: 'frontline-practice',
    templateId: template.id,
    templateVersion: template.version,
    status: 'draft',
    sharedWithPractitioner: false,
    'context.observedRole': 'Social worker',
    'context.caseId': `AB-${10_000 + (i % 90_000)}`,
    'context.setting': 'Family home',
    'context.date': `2026-05-${String(1 + (i % 28)).padStart(2, '0')}`,
    'summary.strengths': note(i),
  };
  const put = (path: string, value: string | number | boolean) => {
    if (Object.keys(f).length < DOC_FIELDS) f[path] = value;
  };
  templateItems(template).forEach(({ item }, k) => {
    const r = item.response;
    if (r.type === 'grade4') {
      put(responsePath(item.id, 'value'), GRADES[(i + k) % GRADES.length]!);
      put(
        responsePath(item.id, 'evidence'),
        `Seen during the visit: ${word(i, k)} ${word(i, k + 5)}.`,
      );
    } else if (r.type === 'ynna') {
      put(responsePath(item.id, 'value'), (i + k) % 2 === 0 ? 'yes' : 'not-applicable');
    } else if (r.type === 'ypndk') {
      put(responsePath(item.id, 'value'), (i + k) % 2 === 0 ? 'yes' : 'partly');
    } else if (r.type === 'choice' && r.multiple) {
      put(choicePath(item.id, r.options[(i + k) % r.options.length]!.key), true);
    } else if (r.type === 'choice') {
      put(responsePath(item.id, 'value'), r.options[(i + k) % r.options.length]!.key);
    } else if (r.type === 'text') {
      put(responsePath(item.id, 'value'), `The ${word(i, k)} and the ${word(i, k + 3)}.`);
    }
  });
  // The summary and the rest of the context make up the 60.
  const date = f['context.date']!;
  put('summary.areasForDevelopment', `More ${word(i, 1)} in the ${word(i, 2)}.`);
  put('summary.overallGrade', GRADES[i % GRADES.length]!);
  put('summary.feedback.held', true);
  put('summary.feedback.date', date);
  put('summary.feedback.notes', `Talked through the ${word(i, 4)}.`);
  put('context.startTime', `${String(9 + (i % 8)).padStart(2, '0')}:30`);
  put('context.consent.given', 'yes');
  put('context.consent.byWhom', 'Parent');
  if (Object.keys(f).length !== DOC_FIELDS) {
    throw new Error(`the template gives ${Object.keys(f).length} fields, not ${DOC_FIELDS}`);
  }
  return f;
}

/** Bytes of one document as JSON (the figure the benchmarks print). */
export const docBytes = (i = 0): number =>
  new TextEncoder().encode(JSON.stringify(makeFields(i))).length;

/** The same document as PouchDB stores it. */
export const makePouchDoc = (i: number, id: string) => ({ _id: id, ...makeFields(i) });

/**
 * A document of the size (about 1.2 kB: 59 short fields and a 400-character note), the
 * shape of the brief's harness. It is not an observation (a real observation's 60 field paths alone
 * take about 2 kB), so our server refuses it; the benchmark runs PouchDB on it as well, so that our
 * figures on real documents can also be read against PouchDB's on documents a third their size.
 */
export function makeSpecSizeDoc(i: number, id: string): Record<string, string | number | boolean> {
  const doc: Record<string, string | number | boolean> = { _id: id, note: note(i) };
  for (let k = 0; k < DOC_FIELDS - 1; k++) {
    const key = `f${String(k).padStart(2, '0')}`;
    doc[key] =
      k % 3 === 0
        ? `${word(i, k)} ${word(i, k + 5)}`
        : k % 3 === 1
          ? (i * 31 + k) % 1000
          : (i + k) % 2 === 0;
  }
  return doc;
}

/** Bytes of one spec-size document as JSON, without its id (as `docBytes` counts). */
export const specDocBytes = (i = 0): number => {
  const { _id, ...doc } = makeSpecSizeDoc(i, '');
  void _id;
  return new TextEncoder().encode(JSON.stringify(doc)).length;
};
