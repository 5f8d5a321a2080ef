import { amountRuleProblem } from '@/lib/catalogue/amount-rule';
import { csvLine, importTemplate } from '@/lib/imports/csv-format';
import { readCsvLines, splitFields } from '@/lib/imports/csv-reader';
import { checkImportRow, parseImportDate } from '@/lib/imports/row-schema';

describe('splitting a line of an import file', () => {
  it.each([
    ['a;b;c', ['a', 'b', 'c']],
    ['a;;', ['a', '', '']],
    ['', ['']],
    ['"a;b";c', ['a;b', 'c']],
    ['"he said ""hi""";x', ['he said "hi"', 'x']],
    ['"";x', ['', 'x']],
  ])('%j → %j', (line, fields) => {
    expect(splitFields(line)).toEqual(fields);
  });

  it.each(['"open', 'a;"open', '"closed"text;b'])('refuses %j', (line) => {
    expect(splitFields(line)).toBeNull();
  });

  it('round-trips what csvLine writes', () => {
    const values = ['a;b', 'say "x"', 'plain', ''];
    expect(splitFields(csvLine(values).replace(/\r\n$/, ''))).toEqual(values);
  });
});

describe('reading an import file', () => {
  it('numbers the rows from the header, skips a BOM and accepts CRLF, LF and a missing last newline', () => {
    const file = Buffer.from('\ufeffh1;h2\r\na;b\n\nc;d');
    expect([...readCsvLines(file)]).toEqual([
      { rowNumber: 1, fields: ['h1', 'h2'] },
      { rowNumber: 2, fields: ['a', 'b'] },
      { rowNumber: 3, fields: [''] },
      { rowNumber: 4, fields: ['c', 'd'] },
    ]);
  });

  it('turns bad bytes into a problem of their row and reads on', () => {
    const file = Buffer.concat([Buffer.from('h\n'), Buffer.from([0xc3, 0x28, 0x0a]), Buffer.from('ok\nnul\u0000here\n')]);
    const lines = [...readCsvLines(file)];
    expect(lines[1]).toMatchObject({ rowNumber: 2, problem: 'Codifica non valida: salva il file in UTF-8' });
    expect(lines[2]).toEqual({ rowNumber: 3, fields: ['ok'] });
    expect(lines[3]).toEqual({ rowNumber: 4, problem: 'Caratteri di controllo non ammessi nella riga', raw: 'nul\ufffdhere' });
  });
});

describe('the fields of an import row', () => {
  it.each([
    ['2027-03-31', '2027-03-31'],
    ['31/03/2027', '2027-03-31'],
    ['', null],
    ['29/02/2028', '2028-02-29'],
    ['29/02/2027', undefined],
    ['2027-13-01', undefined],
    ['31-03-2027', undefined],
    ['1/3/2027', undefined],
  ])('date %j → %j', (text, parsed) => {
    expect(parseImportDate(text)).toBe(parsed);
  });

  it('accepts the template row as it is', () => {
    const row = importTemplate().split('\r\n')[1]!.split(';');
    expect(checkImportRow(row)).toMatchObject({
      ok: true,
      row: { importo: 12345, scadenza: '2027-03-31', email: 'mario.rossi@example.it' },
    });
  });

  it.each([
    ['123,45', 12345],
    ['123.45', 12345],
    ['0', 0],
    ['7', 700],
    ['7,5', 750],
  ])('amount %j → %d cents', (text, cents) => {
    const fields = ['X-1', 'F', 'RSSMRA80A01B157X', 'Mario Rossi', '', 'tari', 'TARI', text, ''];
    expect(checkImportRow(fields)).toMatchObject({ ok: true, row: { importo: cents } });
  });

  it.each(['1.234,56', '-5', '1e3', '12,345', 'dieci', ''])('refuses the amount %j', (text) => {
    const fields = ['X-1', 'F', 'RSSMRA80A01B157X', 'Mario Rossi', '', 'tari', 'TARI', text, ''];
    expect(checkImportRow(fields)).toMatchObject({ ok: false, problems: [{ column: 'importo' }] });
  });
});

describe("an amount against the service's rule", () => {
  it('fits a fixed price, a range and a multiple of the unit within the quantities', () => {
    expect(amountRuleProblem({ kind: 'fixed', cents: 2221 }, 2221)).toBeNull();
    expect(amountRuleProblem({ kind: 'fixed', cents: 2221 }, 2000)).toMatch(/fisso: 22,21/);
    expect(amountRuleProblem({ kind: 'range', minCents: 100, maxCents: 500_000 }, 100)).toBeNull();
    expect(amountRuleProblem({ kind: 'range', minCents: 100, maxCents: 500_000 }, 500_001)).toMatch(/tra 1,00\s€ e 5\.000,00\s€/);
    const meals = { kind: 'unit', unitCents: 520, unitLabel: 'buono pasto', minQuantity: 1, maxQuantity: 60 } as const;
    expect(amountRuleProblem(meals, 5200)).toBeNull();
    expect(amountRuleProblem(meals, 5201)).toMatch(/multiplo di 5,20/);
    expect(amountRuleProblem(meals, 520 * 61)).toMatch(/\(buono pasto\), da 1 a 60/);
  });
});
