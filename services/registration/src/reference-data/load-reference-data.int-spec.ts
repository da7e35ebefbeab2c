import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  findRegistrationDataDir,
  loadReferenceData,
  type ReferenceData,
} from './load-reference-data';

// Reads the real tables (not a database or broker, but files on disk, so not a unit test) and
// proves the compiled loader finds them from dist/ too.

const root = resolve(__dirname, '../../../..');

describe('reference data on disk', () => {
  let data: ReferenceData;
  beforeAll(() => {
    data = loadReferenceData();
  });

  it('finds services/registration/data from the sources', () => {
    expect(findRegistrationDataDir()).toBe(join(root, 'services', 'registration', 'data'));
  });

  it('holds every Belgian postcode of the 2025 table', () => {
    expect(data.postcodes.postcodeCount).toBe(1149);
    expect(data.postcodes.lookup('9000')).toMatchObject([
      { nisCode: '44021', municipality: 'Gent' },
    ]);
    // Mergers of 1 January 2025: Galmaarden, Gooik and Herne became Pajottegem.
    expect(data.postcodes.lookup('1570')).toMatchObject([
      { nisCode: '23106', municipality: 'Pajottegem' },
    ]);
    expect(data.postcodes.lookup('1804').map((e) => e.municipality)).toEqual([
      'Vilvoorde',
      'Zemst',
    ]);
  });

  it('gives every Flemish and Brussels postcode one zone, and no Walloon postcode any', () => {
    const all = Array.from({ length: 9000 }, (_, i) => String(1000 + i));
    let flemishOrBrussels = 0;
    let walloon = 0;
    for (const postcode of all) {
      const entries = data.postcodes.lookup(postcode);
      if (entries.length === 0) continue;
      const zone = data.zones.zoneOfPostcode(data.postcodes, postcode);
      if (entries.every((e) => e.region === 'wallonia')) {
        walloon++;
        expect(zone).toBeUndefined();
      } else {
        flemishOrBrussels++;
        expect(zone).toBeDefined();
      }
    }
    expect(flemishOrBrussels).toBe(543);
    expect(walloon).toBe(606);
    expect(data.zones.zoneOf('11002')).toEqual({ code: 'elz2', name: 'Antwerpen en rand' });
    expect(data.zones.zoneOf('21004')).toEqual({ code: 'elz7', name: 'Bruzel' });
  });

  it('the compiled loader finds the same folder from dist/', () => {
    const compiled = join(
      root,
      'dist/services/registration/src/reference-data/load-reference-data.js',
    );
    expect(existsSync(compiled)).toBe(true);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fromDist = require(compiled) as {
      findRegistrationDataDir: typeof findRegistrationDataDir;
      loadReferenceData: typeof loadReferenceData;
    };
    expect(fromDist.findRegistrationDataDir()).toBe(join(root, 'services', 'registration', 'data'));
    expect(fromDist.loadReferenceData().postcodes.postcodeCount).toBe(1149);
  });
});
