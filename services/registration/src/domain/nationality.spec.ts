import { ISO_3166_ALPHA2_CODES, isNationalityCode, normaliseNationality } from './nationality';

describe('ISO 3166-1 alpha-2 nationality codes', () => {
  it('holds the 249 officially assigned codes', () => {
    expect(ISO_3166_ALPHA2_CODES.size).toBe(249);
  });

  it('every code is two capitals that ICU knows as a region (catches typos)', () => {
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
    for (const code of ISO_3166_ALPHA2_CODES) {
      expect(code).toMatch(/^[A-Z]{2}$/);
      expect(names.of(code)).not.toBe(code);
    }
  });

  it.each(['UA', 'BE', 'SY', 'AF', 'RU', 'MD', 'PS', 'SS', 'CW', 'SX', 'BQ', 'AX', 'AQ'])(
    'accepts %s',
    (code) => {
      expect(isNationalityCode(code)).toBe(true);
    },
  );

  it.each([
    'AN',
    'CS',
    'YU',
    'SU',
    'TP',
    'ZR',
    'DD',
    'BU',
    'XK',
    'UK',
    'EU',
    'EL',
    'ZZ',
    'ua',
    'UKR',
    '',
  ])('refuses %j (deleted, reserved, user-assigned, lower case or not alpha-2)', (code) => {
    expect(isNationalityCode(code)).toBe(false);
  });

  it('normalises what people type', () => {
    expect(normaliseNationality(' ua ')).toBe('UA');
    expect(normaliseNationality('Be')).toBe('BE');
    expect(normaliseNationality('ukr')).toBeUndefined();
    expect(normaliseNationality('xk')).toBeUndefined();
  });
});
