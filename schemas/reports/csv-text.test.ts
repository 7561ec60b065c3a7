import { describe, expect, test } from 'vitest';
import { csvText } from './csv-text';

// The tablet's CSV files are written as the server's exports are: a byte order mark, CRLF after
// every row, RFC 4180 quoting, and an apostrophe in front of text a spreadsheet would run as a
// formula (tests/server/csv-text.test.ts checks it against the server's csv-stringify, byte for
// byte).

const BOM = '\uFEFF';

describe('one cell', () => {
  test.each([
    ['plain text', 'CIN team 2', 'CIN team 2'],
    ['empty text', '', ''],
    ['nothing', null, ''],
    ['a whole number', 12, '12'],
    ['zero', 0, '0'],
    ['a negative number stays a number', -3, '-3'],
    ['a comma', 'Children, in need', '"Children, in need"'],
    ['a quote', 'the "agreed" plan', '"the ""agreed"" plan"'],
    ['a line feed', 'one\ntwo', '"one\ntwo"'],
    ['a carriage return inside', 'one\r\ntwo', '"one\r\ntwo"'],
    ['an equals sign first', '=1+1', "'=1+1"],
    [
      'a formula that would link out',
      '=HYPERLINK("http://x","y")',
      '"\'=HYPERLINK(""http://x"",""y"")"',
    ],
    ['a plus first', '+44 20 7946 0000', "'+44 20 7946 0000"],
    ['a minus first, in text', '-2+3', "'-2+3"],
    ['an at sign first', '@SUM(A1)', "'@SUM(A1)"],
    ['a tab first', '\tindented', "'\tindented"],
    ['a carriage return first', '\rfirst', '"\'\rfirst"'],
    ['a full-width equals sign first', '\uFF1D1+1', "'\uFF1D1+1"],
    ['a full-width plus first', '\uFF0B1', "'\uFF0B1"],
    ['a full-width minus first', '\uFF0D1', "'\uFF0D1"],
    ['a full-width at sign first', '\uFF20A1', "'\uFF20A1"],
    ['a trigger later in the text', 'CASE-1001', 'CASE-1001'],
    ['a date', '2026-11-05', '2026-11-05'],
    ['letters beyond ASCII', 'Zoë’s plan 🙂', 'Zoë’s plan 🙂'],
  ] as const)('%s', (_, cell, written) => {
    expect(csvText([[cell]])).toBe(`${BOM}${written}\r\n`);
  });
});

test('rows: cells between commas, every row ended by CRLF, the byte order mark once', () => {
  expect(
    csvText([
      ['Case ID', 'Team', 'Actions raised'],
      ['CASE-1001', 'CIN team 2', 2],
      [null, '=cmd', 0],
    ]),
  ).toBe(`${BOM}Case ID,Team,Actions raised\r\nCASE-1001,CIN team 2,2\r\n,'=cmd,0\r\n`);
});

test('no rows: the byte order mark alone', () => {
  expect(csvText([])).toBe(BOM);
});
