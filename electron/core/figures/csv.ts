/**
 * Every CSV the app writes goes through here, so that no cell a person typed can run as a spreadsheet formula.
 * A spreadsheet may assume another separator than ours (a Russian-locale one splits on `;`), so a formula starter
 * right after `;`, `,`, a tab or a line break is as dangerous as one at the start: such a cell is prefixed with an
 * apostrophe (the spreadsheets' own "this is text" mark) and quoted, so every separator inside it stays inside it.
 */

// = + - @ and their full-width forms, which some spreadsheets also read as formula starters.
const STARTER = '=+\\-@\\uFF1D\\uFF0B\\uFF0D\\uFF20';
const FORMULA_AT_START = new RegExp(`^(?:[\\t\\r\\n]|\\s*[${STARTER}])`);
const FORMULA_AFTER_SEPARATOR = new RegExp(`[;,\\t\\r\\n]\\s*[${STARTER}]`);
// Quoted whenever any spreadsheet could split or break the cell: our separator, `;`, tabs, line breaks, quotes.
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** One cell: numbers as they are; text made inert, then quoted when it holds a separator, quote or line break. */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  let text = value;
  const formula = FORMULA_AT_START.test(text) || FORMULA_AFTER_SEPARATOR.test(text);
  if (formula) text = `'${text}`;
  return formula || NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of cells joined by commas (no line ending). */
export const csvLine = (cells: readonly (string | number)[]): string => cells.map(csvCell).join(',');

/** Lines ended by CRLF, as RFC 4180 and spreadsheets expect. */
export const csvText = (lines: readonly string[]): string => `${lines.join('\r\n')}\r\n`;
