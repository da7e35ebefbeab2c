import { interpretGeefPersoon } from './geef-persoon-outcome';
import type { Repliek } from '@toevlucht/magda';
import type { GeefPersoonInhoud } from './geef-persoon-outcome';

const issue = (code: string, type = 'FOUT', origin = 'MAGDA') => ({
  Identificatie: code,
  Oorsprong: origin,
  Type: type,
  Diagnose: 'may quote 85650100153',
});
const persoon = (insz: string) => ({
  attributes: { Bron: 'RR' },
  INSZ: insz,
  Naam: { Achternamen: { Achternaam: ['Test'] }, Voornamen: { Voornaam: ['A', 'B'] } },
  Geslacht: { Code: '2' },
});
const answer = (
  inhoud?: GeefPersoonInhoud,
  uitzonderingen?: unknown[],
  message?: unknown[],
): Repliek<GeefPersoonInhoud> => ({
  ...(message === undefined ? {} : { Uitzonderingen: { Uitzondering: message as never } }),
  Antwoorden: {
    Antwoord: [
      {
        Referte: 'r',
        ...(inhoud === undefined ? {} : { Inhoud: inhoud }),
        ...(uitzonderingen === undefined
          ? {}
          : { Uitzonderingen: { Uitzondering: uitzonderingen as never } }),
      },
    ],
  },
});

describe('interpretGeefPersoon', () => {
  it('maps a found person', () => {
    expect(
      interpretGeefPersoon(answer({ Persoon: persoon('85650100153') }), '85650100153'),
    ).toEqual({
      kind: 'found',
      person: {
        familyNames: ['Test'],
        givenNames: ['A', 'B'],
        gender: 'F',
        register: 'rijksregister',
      },
      notices: [],
    });
  });

  it.each(['60006', '60007', '60009', '90000', '99994', '99995', '99996', '99997'])(
    'asks again later for transient %s, at either level',
    (code) => {
      expect(interpretGeefPersoon(answer(undefined, undefined, [issue(code)]), 'x').kind).toBe(
        'retry',
      );
      expect(interpretGeefPersoon(answer(undefined, [issue(code)]), 'x').kind).toBe('retry');
    },
  );

  it.each(['20002', '30003', '40006', '60011', '60013', '13202'])(
    'fails %s at once with a fixed reason that never quotes MAGDA',
    (code) => {
      const outcome = interpretGeefPersoon(answer(undefined, [issue(code)]), 'x');
      expect(outcome).toMatchObject({ kind: 'failed', code, origin: 'MAGDA' });
      expect(JSON.stringify(outcome)).not.toContain('85650100153');
    },
  );

  it('answers not-found for 30001 and 30101', () => {
    expect(interpretGeefPersoon(answer(undefined, [issue('30101', 'FOUT', 'RR')]), 'x')).toEqual({
      kind: 'not-found',
      code: '30101',
    });
  });

  it('re-keys on 30004 with the person under the new INSZ', () => {
    expect(
      interpretGeefPersoon(
        answer({ Persoon: persoon('88660100135') }, [issue('30004', 'WAARSCHUWING', 'RR')]),
        '88460100111',
      ),
    ).toEqual({ kind: 'insz-changed', currentInsz: '88660100135' });
  });

  it('keeps warnings and notices with a found person', () => {
    const outcome = interpretGeefPersoon(
      answer({ Persoon: persoon('1') }, [issue('99984', 'WAARSCHUWING')]),
      '1',
    );
    expect(outcome.kind).toBe('found');
  });

  it('fails an answer with neither a person nor a reason', () => {
    expect(interpretGeefPersoon(answer(), 'x')).toMatchObject({ kind: 'failed' });
  });
});
