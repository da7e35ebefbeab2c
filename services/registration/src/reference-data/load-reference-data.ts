import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EerstelijnszoneDirectory, PostcodeDirectory } from '../domain/postcodes';

export const POSTCODES_FILE = 'be_postcodes_2025.csv';
export const EERSTELIJNSZONES_FILE = 'flanders_elz_municipalities_2025.csv';

/**
 * services/registration/data, found by walking up from this file. tsc does not copy CSV files
 * into dist/, so the compiled loader (dist/services/registration/src/reference-data) and the
 * source one under Jest both end at the project root's copy. An image must ship that folder.
 */
export function findRegistrationDataDir(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'services', 'registration', 'data');
    if (existsSync(join(candidate, POSTCODES_FILE))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`No services/registration/data/${POSTCODES_FILE} above ${from}`);
    }
    dir = parent;
  }
}

export interface ReferenceData {
  readonly postcodes: PostcodeDirectory;
  readonly zones: EerstelijnszoneDirectory;
}

/** Reads the reference tables once; call at start-up, never per request. */
export function loadReferenceData(dataDir: string = findRegistrationDataDir()): ReferenceData {
  const read = (file: string): string => readFileSync(join(dataDir, file), 'utf8');
  return {
    postcodes: PostcodeDirectory.fromCsv(read(POSTCODES_FILE)),
    zones: EerstelijnszoneDirectory.fromCsv(read(EERSTELIJNSZONES_FILE)),
  };
}
