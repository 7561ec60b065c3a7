// The one document generator both systems are measured with (sync.md section 6): an observation of
// 60 fields and a 400-character note, about 1.2 kB as JSON. Deterministic, so runs compare.
const WORDS =
  'calm clear warm plan child family visit school risk safety evidence voice wishes feelings review'.split(
    ' ',
  );

export const DOC_FIELDS = 60;
export const NOTE_LENGTH = 400;

function note(i: number): string {
  let s = '';
  for (let k = 0; s.length < NOTE_LENGTH; k++) s += `${WORDS[(i * 7 + k * 3) % WORDS.length]} `;
  return s.slice(0, NOTE_LENGTH);
}

/** Field paths and values as the sync protocol carries them (a flat map of scalars). */
export function makeFields(i: number): Record<string, string | number | boolean> {
  const f: Record<string, string | number | boolean> = {
    kind: 'frontline-practice',
    templateId: 'frontline-practice',
    templateVersion: 1,
    status: 'draft',
  };
  for (let k = 0; Object.keys(f).length < DOC_FIELDS; k++) {
    const item = `q${String(k).padStart(2, '0')}`;
    f[`r.${item}`] =
      k % 3 === 0 ? (i + k) % 4 : k % 3 === 1 ? (i + k) % 2 === 0 : `g${(i + k) % 9}`;
  }
  f['summary.notes'] = note(i);
  return f;
}

/** The same document as PouchDB stores it. */
export const makePouchDoc = (i: number, id: string) => ({ _id: id, ...makeFields(i) });
