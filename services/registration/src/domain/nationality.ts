/**
 * Nationalities as ISO 3166-1 alpha-2 codes, the form the national register answers carry
 * (contracts: rijksregister.person.looked-up.v1 `nationalities`).
 *
 * Source: ISO 3166 Maintenance Agency, the officially assigned alpha-2 code elements (249), as
 * published on the ISO Online Browsing Platform (www.iso.org/obp), state of 2025. Only officially
 * assigned codes: no transitionally or exceptionally reserved ones (UK, EU, …), no deleted ones
 * (AN Netherlands Antilles, CS Serbia and Montenegro, YU, SU, TP, ZR, …) and no user-assigned
 * ones (XK, used by some for Kosovo, is not an ISO code). When ISO changes the list, change it
 * here and in docs/registration-rules.md.
 */
export const ISO_3166_ALPHA2_CODES: ReadonlySet<string> = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ ' +
    'BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ ' +
    'DE DJ DK DM DO DZ ' +
    'EC EE EG EH ER ES ET ' +
    'FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY ' +
    'HK HM HN HR HT HU ' +
    'ID IE IL IM IN IO IQ IR IS IT ' +
    'JE JM JO JP ' +
    'KE KG KH KI KM KN KP KR KW KY KZ ' +
    'LA LB LC LI LK LR LS LT LU LV LY ' +
    'MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ ' +
    'NA NC NE NF NG NI NL NO NP NR NU NZ ' +
    'OM ' +
    'PA PE PF PG PH PK PL PM PN PR PS PT PW PY ' +
    'QA ' +
    'RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ ' +
    'TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ ' +
    'UA UG UM US UY UZ ' +
    'VA VC VE VG VI VN VU ' +
    'WF WS ' +
    'YE YT ' +
    'ZA ZM ZW'
  ).split(' '),
);

/** Exactly an officially assigned alpha-2 code, in capitals. */
export function isNationalityCode(code: string): boolean {
  return ISO_3166_ALPHA2_CODES.has(code);
}

/** A typed code (`ua`, ` UA `) in its canonical form, or undefined when it is no ISO code. */
export function normaliseNationality(input: string): string | undefined {
  const code = input.trim().toUpperCase();
  return isNationalityCode(code) ? code : undefined;
}
