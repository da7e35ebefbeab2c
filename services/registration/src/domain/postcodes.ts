import { parseCsv } from './csv';

/**
 * Belgian postcodes → municipalities (NIS codes), and municipalities → Flemish primary-care zones
 * (eerstelijnszones), from the reference tables in services/registration/data (sources and
 * licences in its README). Built from the CSV text; reading the files is the loader's job
 * (reference-data/load-reference-data.ts), so these rules stay free of I/O.
 */
export type Region = 'flanders' | 'brussels' | 'wallonia';

export interface PostcodeEntry {
  readonly postcode: string;
  /** REFNIS code of the municipality, 2025 codes (after the mergers of 1 January 2025). */
  readonly nisCode: string;
  /** The municipality's official Dutch name. */
  readonly municipality: string;
  readonly municipalityFr: string;
  readonly region: Region;
}

const REGIONS: Readonly<Record<string, Region>> = {
  '02000': 'flanders',
  '03000': 'wallonia',
  '04000': 'brussels',
};

const POSTCODE = /^\d{4}$/;
const NIS_CODE = /^\d{5}$/;

export class PostcodeDirectory {
  private readonly byPostcode = new Map<string, PostcodeEntry[]>();

  constructor(entries: readonly PostcodeEntry[]) {
    for (const entry of entries) {
      const list = this.byPostcode.get(entry.postcode) ?? [];
      list.push(entry);
      this.byPostcode.set(entry.postcode, list);
    }
  }

  /** From be_postcodes_2025.csv. */
  static fromCsv(text: string): PostcodeDirectory {
    const records = parseCsv(text, [
      'postcode',
      'nis_code',
      'municipality_nl',
      'municipality_fr',
      'region_nis_code',
    ]);
    return new PostcodeDirectory(
      records.map((r, index) => {
        const region = REGIONS[r.region_nis_code ?? ''];
        const postcode = r.postcode ?? '';
        const nisCode = r.nis_code ?? '';
        if (!POSTCODE.test(postcode) || !NIS_CODE.test(nisCode) || !region) {
          throw new Error(
            `Postcode table: row ${index + 2} has no valid postcode, NIS code or region`,
          );
        }
        return {
          postcode,
          nisCode,
          municipality: r.municipality_nl ?? '',
          municipalityFr: r.municipality_fr ?? '',
          region,
        };
      }),
    );
  }

  /**
   * The municipalities a postcode belongs to: one for most, two for 1040, 1050 and 1804, none
   * for an unknown postcode (bpost's special postcodes, such as 1005, are not in the table, so
   * warn rather than refuse).
   */
  lookup(postcode: string): readonly PostcodeEntry[] {
    return this.byPostcode.get(postcode.trim()) ?? [];
  }

  get postcodeCount(): number {
    return this.byPostcode.size;
  }
}

export interface Eerstelijnszone {
  /** Provincies in Cijfers' code (`elz1` … `elz57`), not an official code. */
  readonly code: string;
  readonly name: string;
}

export class EerstelijnszoneDirectory {
  private readonly byNisCode = new Map<string, Eerstelijnszone>();

  constructor(entries: readonly { readonly nisCode: string; readonly zone: Eerstelijnszone }[]) {
    for (const { nisCode, zone } of entries) {
      if (this.byNisCode.has(nisCode)) {
        throw new Error(`Eerstelijnszone table: municipality ${nisCode} listed twice`);
      }
      this.byNisCode.set(nisCode, zone);
    }
  }

  /** From flanders_elz_municipalities_2025.csv. */
  static fromCsv(text: string): EerstelijnszoneDirectory {
    const records = parseCsv(text, ['nis_code', 'elz_code', 'elz_name']);
    return new EerstelijnszoneDirectory(
      records.map((r, index) => {
        const nisCode = r.nis_code ?? '';
        const code = r.elz_code ?? '';
        if (!NIS_CODE.test(nisCode) || code === '') {
          throw new Error(`Eerstelijnszone table: row ${index + 2} has no valid NIS code or zone`);
        }
        return { nisCode, zone: { code, name: r.elz_name ?? '' } };
      }),
    );
  }

  /**
   * The zone of a municipality. Zones are a Flemish division: every Flemish municipality has
   * one, the 19 Brussels municipalities share the zone Bruzel (the Flemish primary-care
   * organisation in Brussels), and Walloon municipalities have none (undefined).
   */
  zoneOf(nisCode: string): Eerstelijnszone | undefined {
    return this.byNisCode.get(nisCode);
  }

  /**
   * The zone of a postcode when all its municipalities share one (true of every Flemish and
   * Brussels postcode in the 2025 tables, also 1040, 1050 and 1804); undefined otherwise.
   */
  zoneOfPostcode(postcodes: PostcodeDirectory, postcode: string): Eerstelijnszone | undefined {
    const zones = postcodes.lookup(postcode).map((entry) => this.zoneOf(entry.nisCode));
    const first = zones[0];
    if (!first) return undefined;
    return zones.every((zone) => zone?.code === first.code) ? first : undefined;
  }
}
