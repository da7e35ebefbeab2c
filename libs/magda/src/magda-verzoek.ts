/** Who asks MAGDA: our sender identification and the capacity (hoedanigheid) we ask in. */
export interface MagdaAfzender {
  readonly afzender: string;
  readonly hoedanigheid: string;
}

/** One question to one MAGDA service. */
export interface MagdaVraag {
  /** The service's name, e.g. `GeefPersoon`. */
  readonly naam: string;
  /** The service's version, e.g. `02.02.0000`. */
  readonly versie: string;
  /**
   * Unique per call; MAGDA wants the same value as Afzender/Referte and Vraag/Referte, and it
   * is what ties an answer (and an audit at MAGDA) back to our request.
   */
  readonly referte: string;
  /** The service's own question body (Criteria, Inschrijving, …). */
  readonly inhoud: Readonly<Record<string, unknown>>;
  /** When it is asked; MAGDA wants the local date and time of the sender's clock. */
  readonly tijdstip: Date;
}

/**
 * The Verzoek envelope every MAGDA service shares (Context with Bericht and Afzender, one
 * Vraag), built in one place so the four clients differ only in what they ask. MAGDA takes one
 * question per call, hence a single Vraag.
 */
export function magdaVerzoek(afzender: MagdaAfzender, vraag: MagdaVraag) {
  const iso = vraag.tijdstip.toISOString();
  return {
    Verzoek: {
      Context: {
        Naam: vraag.naam,
        Versie: vraag.versie,
        Bericht: {
          Type: 'VRAAG',
          Tijdstip: { Datum: iso.slice(0, 10), Tijd: iso.slice(11, 23) },
          Afzender: {
            Identificatie: afzender.afzender,
            Referte: vraag.referte,
            Hoedanigheid: afzender.hoedanigheid,
          },
        },
      },
      Vragen: { Vraag: { Referte: vraag.referte, Inhoud: vraag.inhoud } },
    },
  };
}
