/**
 * The parts of a MAGDA Repliek we read, as the soap client parses them: elements become
 * properties, repeated elements arrays, attributes sit under `attributes`, and an element with
 * both attributes and text keeps the text in `$value`. Everything is optional: we read
 * defensively and never trust a partner's answer to be complete.
 */
export interface Uitzondering {
  readonly Identificatie?: string;
  readonly Oorsprong?: string;
  readonly Type?: string;
  readonly Diagnose?: string;
}

export interface Uitzonderingen {
  readonly Uitzondering?: Uitzondering | readonly Uitzondering[];
}

export interface Antwoord<TInhoud> {
  readonly Referte?: string;
  readonly Inhoud?: TInhoud;
  readonly Uitzonderingen?: Uitzonderingen;
}

export interface Repliek<TInhoud> {
  readonly Context?: unknown;
  readonly Uitzonderingen?: Uitzonderingen;
  readonly Antwoorden?: { readonly Antwoord?: Antwoord<TInhoud> | readonly Antwoord<TInhoud>[] };
}

/** A MAGDA code with where it came from and how bad it is; never personal data. */
export interface MagdaIssue {
  readonly code: string;
  readonly origin: string;
  readonly type: 'FOUT' | 'WAARSCHUWING' | 'INFORMATIE' | 'ONBEKEND';
  readonly diagnose: string;
  readonly level: 'message' | 'answer';
}

export function asArray<T>(value: T | readonly T[] | undefined): readonly T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

/** Text of an element that may carry attributes (`{ attributes, $value }`) or be plain text. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value !== null && typeof value === 'object' && '$value' in value) {
    const inner = (value as { $value?: unknown }).$value;
    return typeof inner === 'string' ? inner : undefined;
  }
  return undefined;
}

export function attribute(value: unknown, name: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const attributes = (value as { attributes?: Record<string, unknown> }).attributes;
  const found = attributes?.[name];
  return typeof found === 'string' ? found : undefined;
}

export function issuesOf<T>(repliek: Repliek<T>): MagdaIssue[] {
  const read = (list: Uitzonderingen | undefined, level: MagdaIssue['level']) =>
    asArray(list?.Uitzondering).map((issue): MagdaIssue => ({
      code: text(issue.Identificatie) ?? 'unknown',
      origin: text(issue.Oorsprong) ?? 'unknown',
      type:
        issue.Type === 'FOUT' || issue.Type === 'WAARSCHUWING' || issue.Type === 'INFORMATIE'
          ? issue.Type
          : 'ONBEKEND',
      diagnose: text(issue.Diagnose) ?? '',
      level,
    }));
  return [
    ...read(repliek.Uitzonderingen, 'message'),
    ...asArray(repliek.Antwoorden?.Antwoord).flatMap((antwoord) =>
      read(antwoord.Uitzonderingen, 'answer'),
    ),
  ];
}

/** The one Antwoord of a one-question call. */
export function firstAnswer<T>(repliek: Repliek<T>): Antwoord<T> | undefined {
  return asArray(repliek.Antwoorden?.Antwoord)[0];
}
