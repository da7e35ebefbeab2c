import { randomBytes } from 'node:crypto';
import { BlindIndex } from './blind-index';

describe('BlindIndex', () => {
  const key = randomBytes(32);
  const index = new BlindIndex(key);

  it('is deterministic: the same value and purpose give the same fingerprint', () => {
    expect(index.of('85073003328', 'person.insz')).toBe(
      new BlindIndex(key).of('85073003328', 'person.insz'),
    );
    expect(index.of('85073003328', 'person.insz')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('tells different values apart', () => {
    expect(index.of('85073003328', 'person.insz')).not.toBe(index.of('85073003329', 'person.insz'));
  });

  it('separates purposes: one value indexed for two columns gives unrelated fingerprints', () => {
    expect(index.of('85073003328', 'person.insz')).not.toBe(
      index.of('85073003328', 'contact.phone'),
    );
  });

  it('depends on its key', () => {
    expect(new BlindIndex(randomBytes(32)).of('85073003328', 'person.insz')).not.toBe(
      index.of('85073003328', 'person.insz'),
    );
  });

  it('is exact: normalising is the caller’s job', () => {
    expect(index.of('85.07.30-033.28', 'person.insz')).not.toBe(
      index.of('85073003328', 'person.insz'),
    );
  });

  it('refuses a short key', () => {
    expect(() => new BlindIndex(randomBytes(16))).toThrow('at least 32 bytes');
  });
});
