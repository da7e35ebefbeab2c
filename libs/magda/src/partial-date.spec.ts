import { toPartialDate } from './partial-date';

describe('toPartialDate', () => {
  it.each([
    ['2000-00-00', '2000'],
    ['2000-05-00', '2000-05'],
    ['1985-05-01', '1985-05-01'],
    ['1985', '1985'],
    ['0000-00-00', undefined],
    ['2000-13-01', undefined],
    ['unknown', undefined],
    [undefined, undefined],
  ])('%s → %s', (input, expected) => {
    expect(toPartialDate(input)).toBe(expected);
  });
});
