import { EerstelijnszoneDirectory, PostcodeDirectory } from './postcodes';

// Rows copied from services/registration/data (the whole tables are checked by the loader's test).
const POSTCODES = `postcode,nis_code,municipality_nl,municipality_fr,province_nis_code,province_nl,province_fr,region_nis_code,region_nl,region_fr,municipalities_for_postcode
1000,21004,Brussel,Bruxelles,,,,04000,Brussels Hoofdstedelijk Gewest,Région de Bruxelles-Capitale,1
1040,21004,Brussel,Bruxelles,,,,04000,Brussels Hoofdstedelijk Gewest,Région de Bruxelles-Capitale,2
1040,21005,Etterbeek,Etterbeek,,,,04000,Brussels Hoofdstedelijk Gewest,Région de Bruxelles-Capitale,2
1804,23088,Vilvoorde,Vilvorde,20001,Provincie Vlaams-Brabant,Province du Brabant flamand,02000,Vlaams Gewest,Région flamande,2
1804,23096,Zemst,Zemst,20001,Provincie Vlaams-Brabant,Province du Brabant flamand,02000,Vlaams Gewest,Région flamande,2
2000,11002,Antwerpen,Anvers,10000,Provincie Antwerpen,Province d’Anvers,02000,Vlaams Gewest,Région flamande,1
5000,92094,Namen,Namur,90000,Provincie Namen,Province de Namur,03000,Waals Gewest,Région wallonne,1
`;

const ZONES = `nis_code,municipality_nl,municipality_fr,province_nis_code,region_nis_code,elz_code,elz_name
11002,Antwerpen,Anvers,10000,02000,elz2,Antwerpen en rand
21004,Brussel,Bruxelles,,04000,elz7,Bruzel
21005,Etterbeek,Etterbeek,,04000,elz7,Bruzel
23088,Vilvoorde,Vilvorde,20001,02000,elz42,BraViO
23096,Zemst,Zemst,20001,02000,elz42,BraViO
`;

describe('PostcodeDirectory', () => {
  const directory = PostcodeDirectory.fromCsv(POSTCODES);

  it('looks up a postcode with one municipality', () => {
    expect(directory.lookup('2000')).toEqual([
      {
        postcode: '2000',
        nisCode: '11002',
        municipality: 'Antwerpen',
        municipalityFr: 'Anvers',
        region: 'flanders',
      },
    ]);
    expect(directory.lookup(' 5000 ')).toMatchObject([{ nisCode: '92094', region: 'wallonia' }]);
  });

  it('gives every municipality of a postcode that spans two', () => {
    expect(directory.lookup('1804').map((e) => e.municipality)).toEqual(['Vilvoorde', 'Zemst']);
    expect(directory.lookup('1040').map((e) => [e.nisCode, e.region])).toEqual([
      ['21004', 'brussels'],
      ['21005', 'brussels'],
    ]);
  });

  it('gives nothing for an unknown or malformed postcode', () => {
    expect(directory.lookup('1005')).toEqual([]);
    expect(directory.lookup('abcd')).toEqual([]);
    expect(directory.lookup('')).toEqual([]);
  });

  it('counts distinct postcodes', () => {
    expect(directory.postcodeCount).toBe(5);
  });

  it('refuses a table with a broken row, naming the row', () => {
    const broken = `${POSTCODES}12345,21004,X,X,,,,04000,B,B,1\n`;
    expect(() => PostcodeDirectory.fromCsv(broken)).toThrow('row 9');
    expect(() => PostcodeDirectory.fromCsv('postcode,nis_code\n1000,21004\n')).toThrow(
      'missing column(s)',
    );
  });
});

describe('EerstelijnszoneDirectory', () => {
  const zones = EerstelijnszoneDirectory.fromCsv(ZONES);
  const postcodes = PostcodeDirectory.fromCsv(POSTCODES);

  it('gives the zone of a Flemish municipality, and Bruzel for Brussels', () => {
    expect(zones.zoneOf('11002')).toEqual({ code: 'elz2', name: 'Antwerpen en rand' });
    expect(zones.zoneOf('21005')).toEqual({ code: 'elz7', name: 'Bruzel' });
  });

  it('gives no zone to a Walloon or unknown municipality', () => {
    expect(zones.zoneOf('92094')).toBeUndefined();
    expect(zones.zoneOf('99999')).toBeUndefined();
  });

  it('gives the zone of a postcode whose municipalities share one', () => {
    expect(zones.zoneOfPostcode(postcodes, '1804')).toEqual({ code: 'elz42', name: 'BraViO' });
    expect(zones.zoneOfPostcode(postcodes, '1040')).toEqual({ code: 'elz7', name: 'Bruzel' });
    expect(zones.zoneOfPostcode(postcodes, '5000')).toBeUndefined();
    expect(zones.zoneOfPostcode(postcodes, '1005')).toBeUndefined();
  });

  it('gives no zone to a postcode whose municipalities are in different zones', () => {
    const split = EerstelijnszoneDirectory.fromCsv(
      ZONES.replace(
        '23096,Zemst,Zemst,20001,02000,elz42,BraViO',
        '23096,Zemst,Zemst,20001,02000,elz99,Elders',
      ),
    );
    expect(split.zoneOfPostcode(postcodes, '1804')).toBeUndefined();
  });

  it('refuses a municipality listed twice', () => {
    expect(() =>
      EerstelijnszoneDirectory.fromCsv(`${ZONES}11002,A,A,10000,02000,elz3,X\n`),
    ).toThrow('listed twice');
  });
});
