import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const POSTCODES_FILE = 'be_postcodes_2025.csv';

/**
 * Postcode → municipality (NIS code), from the Belgian postcode table that registration also
 * reads (services/registration/data, sources and licence in its README). Housing reads only the
 * first two columns, which hold no quotes or commas. Where a postcode spans two municipalities
 * (1040, 1050, 1804) the first listed is taken; the coordinator corrects it at the check.
 */
export class PostcodeLookup {
  private readonly nisByPostcode = new Map<string, string>();

  constructor(entries: Iterable<readonly [string, string]>) {
    for (const [postcode, nis] of entries) {
      if (!this.nisByPostcode.has(postcode)) this.nisByPostcode.set(postcode, nis);
    }
  }

  static fromCsv(text: string): PostcodeLookup {
    const lines = text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .slice(1);
    const entries: [string, string][] = [];
    for (const line of lines) {
      if (line.trim() === '') continue;
      const [postcode, nis] = line.split(',');
      if (
        postcode === undefined ||
        nis === undefined ||
        !/^\d{4}$/.test(postcode) ||
        !/^\d{5}$/.test(nis)
      ) {
        throw new Error('Postcode table: a row has no valid postcode or NIS code');
      }
      entries.push([postcode, nis]);
    }
    return new PostcodeLookup(entries);
  }

  /** Reads the table once; call at start-up. */
  static load(from: string = __dirname): PostcodeLookup {
    let dir = from;
    for (;;) {
      const file = join(dir, 'services', 'registration', 'data', POSTCODES_FILE);
      if (existsSync(file)) return PostcodeLookup.fromCsv(readFileSync(file, 'utf8'));
      const parent = dirname(dir);
      if (parent === dir)
        throw new Error(`No services/registration/data/${POSTCODES_FILE} above ${from}`);
      dir = parent;
    }
  }

  nisCodeOf(postcode: string): string | undefined {
    return this.nisByPostcode.get(postcode.trim());
  }
}
