/**
 * The simulator's course offers: Dutch as a second language (NT2) at adult-education centres
 * across Flanders and Brussels. Fictional centres and timetables on real postcodes; the
 * coordinates are only used to sort offers by distance.
 */
export interface SeedLessonMoment {
  readonly lesmomentId: string;
  readonly omschrijving: string;
  readonly capaciteit: number;
}

export interface SeedOffer {
  readonly modulevariantId: string;
  readonly cursuscode: string;
  readonly cursusnaam: string;
  readonly niveau: string;
  readonly instelling: {
    instellingsnummer: string;
    naam: string;
    postcode: string;
    gemeente: string;
  };
  readonly startdatum: string;
  readonly einddatum: string;
  readonly lesmomenten: readonly SeedLessonMoment[];
  readonly tarief: { bedragCent: number; vrijstellingMogelijk: boolean };
}

/** Postcode → [latitude, longitude] of the centres' municipalities. */
export const POSTCODES: Readonly<Record<string, readonly [number, number]>> = {
  '1000': [50.85, 4.35],
  '1800': [50.93, 4.43],
  '2000': [51.22, 4.4],
  '2300': [51.32, 4.94],
  '2800': [51.03, 4.48],
  '3000': [50.88, 4.7],
  '3500': [50.93, 5.34],
  '8000': [51.21, 3.22],
  '8500': [50.83, 3.26],
  '8800': [50.95, 3.12],
  '9000': [51.05, 3.72],
  '9300': [50.94, 4.04],
};

const CENTRES: readonly [string, string, string][] = [
  ['1000', 'Brussel', 'CVO Lethas Brussel'],
  ['1800', 'Vilvoorde', 'CVO Vilvoorde'],
  ['2000', 'Antwerpen', 'CVO Antwerpen-Centrum'],
  ['2300', 'Turnhout', 'CVO Kempen'],
  ['2800', 'Mechelen', 'CVO Mechelen'],
  ['3000', 'Leuven', 'CVO Leuven-Landen'],
  ['3500', 'Hasselt', 'CVO Limburg'],
  ['8000', 'Brugge', 'CVO Brugge'],
  ['8500', 'Kortrijk', 'CVO Kortrijk'],
  ['8800', 'Roeselare', 'CVO Roeselare'],
  ['9000', 'Gent', 'CVO Gent'],
  ['9300', 'Aalst', 'CVO Aalst'],
];

const LEVELS: readonly [string, string][] = [
  ['1.1', 'Nederlands tweede taal Richtgraad 1.1'],
  ['1.2', 'Nederlands tweede taal Richtgraad 1.2'],
  ['2.1', 'Nederlands tweede taal Richtgraad 2.1'],
];

export function seedOffers(): SeedOffer[] {
  return CENTRES.flatMap(([postcode, gemeente, naam], centre) =>
    LEVELS.map(([niveau, cursusnaam], level): SeedOffer => {
      const id = `MV-${postcode}-${niveau.replace('.', '')}`;
      const month = String(1 + ((centre + level) % 9)).padStart(2, '0');
      return {
        modulevariantId: id,
        cursuscode: `NT2-R${niveau[0]}-${niveau}`,
        cursusnaam,
        niveau,
        instelling: { instellingsnummer: `${100_000 + centre * 137}`, naam, postcode, gemeente },
        startdatum: `2027-${month}-01`,
        einddatum: `2027-${month}-28`,
        lesmomenten: [
          {
            lesmomentId: `${id}-DAG`,
            omschrijving: 'maandag en woensdag 09:00-12:00',
            capaciteit: 18,
          },
          {
            lesmomentId: `${id}-AVOND`,
            omschrijving: 'dinsdag en donderdag 18:30-21:30',
            capaciteit: 16,
          },
          // Every centre has one lesson moment that is always full.
          { lesmomentId: `${id}-ZAT`, omschrijving: 'zaterdag 09:00-13:00', capaciteit: 0 },
        ],
        tarief: { bedragCent: 12_000, vrijstellingMogelijk: true },
      };
    }),
  );
}
