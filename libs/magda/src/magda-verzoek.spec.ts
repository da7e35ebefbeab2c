import { magdaVerzoek } from './magda-verzoek';

describe('magdaVerzoek', () => {
  const afzender = { afzender: '0316381039', hoedanigheid: '1234' };

  it('puts the same Referte in Afzender and Vraag, with the time of asking', () => {
    const verzoek = magdaVerzoek(afzender, {
      naam: 'GeefPersoon',
      versie: '02.02.0000',
      referte: 'ref-1',
      tijdstip: new Date('2026-03-04T05:06:07.089Z'),
      inhoud: { Criteria: { INSZ: 'x' } },
    });

    expect(verzoek).toEqual({
      Verzoek: {
        Context: {
          Naam: 'GeefPersoon',
          Versie: '02.02.0000',
          Bericht: {
            Type: 'VRAAG',
            Tijdstip: { Datum: '2026-03-04', Tijd: '05:06:07.089' },
            Afzender: { Identificatie: '0316381039', Referte: 'ref-1', Hoedanigheid: '1234' },
          },
        },
        Vragen: { Vraag: { Referte: 'ref-1', Inhoud: { Criteria: { INSZ: 'x' } } } },
      },
    });
  });

  it('takes only the sender fields from a wider settings object', () => {
    const settings = { ...afzender, geefPersoonUrl: 'http://example.invalid' };
    const verzoek = magdaVerzoek(settings, {
      naam: 'N',
      versie: 'V',
      referte: 'r',
      tijdstip: new Date(0),
      inhoud: {},
    });
    expect(Object.keys(verzoek.Verzoek.Context.Bericht.Afzender)).toEqual([
      'Identificatie',
      'Referte',
      'Hoedanigheid',
    ]);
  });
});
