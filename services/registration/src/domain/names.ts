import { type PartialDate, parsePartialDate } from './partial-date';

/**
 * Names in a form fit for finding duplicates: the same person typed by two people, one from a
 * Ukrainian passport in Cyrillic and one from a Latin-script document, should meet. Never for
 * display: the official spelling is what the register says. Rules: docs/registration-rules.md.
 */

/**
 * Ukrainian Cyrillic → Latin by the national transliteration of the Cabinet of Ministers of
 * Ukraine, resolution no. 55 of 27 January 2010 (KMU 2010), the one Ukrainian passports use.
 * Є, Ї, Й, Ю, Я have one form at the start of a word and another inside it; ь and the apostrophe
 * are dropped. Letters Ukrainian lacks (ё, ы, э, ъ from Russian, ў from Belarusian) follow the
 * same pattern, our own extension: ё as є, ы → y, э → e, ъ dropped, ў → u.
 */
const KMU_2010: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'h',
  ґ: 'g',
  д: 'd',
  е: 'e',
  є: 'ie',
  ж: 'zh',
  з: 'z',
  и: 'y',
  і: 'i',
  ї: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ь: '',
  ю: 'iu',
  я: 'ia',
  ё: 'io',
  ы: 'y',
  э: 'e',
  ъ: '',
  ў: 'u',
};

const KMU_2010_WORD_START: Readonly<Record<string, string>> = {
  є: 'ye',
  ї: 'yi',
  й: 'y',
  ю: 'yu',
  я: 'ya',
  ё: 'yo',
};

/** Latin letters that Unicode decomposition leaves whole. */
const LATIN_LIGATURES_AND_STROKES: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
};

const APOSTROPHES = /['’ʼ‘`´ʹ]/g;
const IS_LETTER = /\p{L}/u;

function isInsideWord(previous: string | undefined): boolean {
  // An apostrophe sits inside a word (Знам'янка → Znamianka), a hyphen or space starts a new one.
  return previous !== undefined && (IS_LETTER.test(previous) || /['’ʼ‘`´ʹ]/.test(previous));
}

function transliterateCyrillic(lower: string): string {
  const chars = Array.from(lower);
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] ?? '';
    const previous = chars[i - 1];
    // зг → zgh, so that it is not read as ж (zh) followed by г.
    if (c === 'г' && previous === 'з') {
      out += 'gh';
      continue;
    }
    const initial = isInsideWord(previous) ? undefined : KMU_2010_WORD_START[c];
    out += initial ?? KMU_2010[c] ?? c;
  }
  return out;
}

/**
 * Lower case, Cyrillic transliterated (KMU 2010), diacritics stripped (NFKD), apostrophes
 * dropped, and every run of spaces, hyphens and other punctuation made one space:
 * 'Шевченко' and 'Shevchenko', 'Jean-Pierre' and 'jean pierre', 'Müller' and 'Muller' meet.
 */
export function normaliseNameForMatching(name: string): string {
  const lower = name.normalize('NFC').toLowerCase();
  // Apostrophes go before NFKD, which would turn ´ into a space and a combining accent.
  const latin = transliterateCyrillic(lower)
    .replace(APOSTROPHES, '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßæœøłđðþıħŧ]/g, (c) => LATIN_LIGATURES_AND_STROKES[c] ?? c);
  return latin.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function joined(names: string | readonly string[]): string {
  return typeof names === 'string' ? names : names.join(' ');
}

/**
 * The key under which possible duplicates meet: family names run together (so 'Van de Velde'
 * meets 'Vandevelde'), the first given name, and the birth year. It is a blocking key, coarse
 * on purpose: people whose key matches are candidates, to be compared in full (birth dates with
 * arePartialDatesCompatible, INSZ when both have one). Only the year, because a partial birth
 * date must meet a full one. It holds names: treat it as personal data.
 */
export function duplicateKey(
  familyNames: string | readonly string[],
  givenNames: string | readonly string[],
  birthDate?: PartialDate,
): string {
  const family = normaliseNameForMatching(joined(familyNames)).replace(/ /g, '');
  const given = normaliseNameForMatching(joined(givenNames)).split(' ')[0] ?? '';
  const year = birthDate !== undefined ? parsePartialDate(birthDate)?.year : undefined;
  return `${family}|${given}|${year ?? '?'}`;
}
