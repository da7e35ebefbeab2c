/** A person the MAGDA simulator answers for: seeded (persons.ts) or synthetic (synthetic-persons.ts). */
export interface SimulatedPerson {
  readonly insz: string;
  readonly familyName: string;
  readonly givenNames: readonly string[];
  readonly gender: '1' | '2';
  readonly birthDate: string;
  readonly nationalityCode: string;
  readonly bron: 'RR' | 'KSZ';
  readonly address?: {
    readonly street: string;
    readonly houseNumber: string;
    readonly postcode: string;
    readonly municipality: string;
    readonly nisCode: string;
    readonly since: string;
  };
  readonly deceasedOn?: string;
  /** The person now has this INSZ (answer with warning 30004). */
  readonly newInsz?: string;
  /** School-age children and adults with education enrolments (GeefHistoriekInschrijving). */
  readonly enrolments?: readonly {
    readonly instelling: string;
    readonly naam: string;
    readonly bron: 'LP' | 'HO' | 'VWO' | 'INT';
    readonly begin: string;
    readonly einde?: string;
  }[];
}
