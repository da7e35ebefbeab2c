import { duplicateKey } from './duplicate-key';

const base = {
  offererName: 'Jan Peeters',
  street: 'Kerkstraat',
  houseNumber: '12',
  postcode: '3000',
};

describe('duplicate offer key', () => {
  it('forgives case, accents, spacing, punctuation, name order and street abbreviations', () => {
    const key = duplicateKey(base);
    expect(duplicateKey({ ...base, offererName: '  peeters,  JAN ' })).toBe(key);
    expect(duplicateKey({ ...base, street: 'Kerkstr.' })).toBe(key);
    expect(duplicateKey({ ...base, street: 'KERK STRAAT' })).toBe(key);
    expect(duplicateKey({ ...base, offererName: 'Jän Péeters' })).toBe(key);
    expect(duplicateKey({ ...base, houseNumber: ' 12 ' })).toBe(key);
  });

  it('keeps what makes another address or offerer apart', () => {
    const key = duplicateKey(base);
    expect(duplicateKey({ ...base, houseNumber: '14' })).not.toBe(key);
    expect(duplicateKey({ ...base, box: '2' })).not.toBe(key);
    expect(duplicateKey({ ...base, postcode: '3001' })).not.toBe(key);
    expect(duplicateKey({ ...base, offererName: 'Jan Peters' })).not.toBe(key);
  });

  it('reads "bus 2", "b2" and "2" as the same box', () => {
    const key = duplicateKey({ ...base, box: '2' });
    expect(duplicateKey({ ...base, box: 'bus 2' })).toBe(key);
    expect(duplicateKey({ ...base, box: 'B2' })).toBe(key);
  });
});
