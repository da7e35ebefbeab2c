import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads records by header, keeping codes as strings', () => {
    expect(parseCsv('code,name\n02000,Vlaams Gewest\n04000,Brussel\n', ['code'])).toEqual([
      { code: '02000', name: 'Vlaams Gewest' },
      { code: '04000', name: 'Brussel' },
    ]);
  });

  it('handles quotes, doubled quotes, commas and line breaks inside quotes, CRLF and a BOM', () => {
    const text = '\ufeffa,b\r\n"x, y","say ""hi"""\r\n"two\nlines",\r\n';
    expect(parseCsv(text, ['a', 'b'])).toEqual([
      { a: 'x, y', b: 'say "hi"' },
      { a: 'two\nlines', b: '' },
    ]);
  });

  it('reads a last line without a line end', () => {
    expect(parseCsv('a\n1\n2', ['a'])).toEqual([{ a: '1' }, { a: '2' }]);
  });

  it('names missing columns, ragged rows and an open quote', () => {
    expect(() => parseCsv('a,b\n1,2\n', ['a', 'c'])).toThrow('missing column(s) c');
    expect(() => parseCsv('a,b\n1,2,3\n', ['a'])).toThrow('row 2 has 3 fields, header has 2');
    expect(() => parseCsv('a\n"1\n', ['a'])).toThrow('unterminated');
    expect(() => parseCsv('', ['a'])).toThrow('no header');
  });
});
