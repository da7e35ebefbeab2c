import { requireDayNumber } from './calendar';
import type { Cents } from './money';

/**
 * A daily amount per person for one place type, valid from a date until the next tariff of
 * that place type takes over. Tariffs are never edited: a change is a new tariff with a later
 * `validFrom`; a mistake is corrected by a new tariff with the same `validFrom`, recorded later
 * (`sequence` higher), which then wins. Claims keep the amounts they used, so a new tariff
 * changes only claims calculated after it (never an approved one).
 */
export interface Tariff {
  readonly id: string;
  readonly placeType: string;
  readonly validFrom: string;
  readonly dailyCents: Cents;
  /** Recording order: the later of two tariffs with the same validFrom wins. */
  readonly sequence: number;
}

/** The tariffs of one place type, ordered to find the one valid on a day quickly. */
export class TariffSchedule {
  private readonly byPlaceType = new Map<string, { from: number; tariff: Tariff }[]>();

  constructor(tariffs: readonly Tariff[]) {
    for (const tariff of tariffs) {
      const list = this.byPlaceType.get(tariff.placeType) ?? [];
      list.push({ from: requireDayNumber(tariff.validFrom), tariff });
      this.byPlaceType.set(tariff.placeType, list);
    }
    for (const list of this.byPlaceType.values()) {
      list.sort((a, b) => a.from - b.from || a.tariff.sequence - b.tariff.sequence);
    }
  }

  /** The tariff valid for the night of `day` (a day number), or undefined when there is none. */
  on(placeType: string, day: number): Tariff | undefined {
    const list = this.byPlaceType.get(placeType);
    if (list === undefined) return undefined;
    let found: Tariff | undefined;
    for (const entry of list) {
      if (entry.from > day) break;
      found = entry.tariff;
    }
    return found;
  }
}
