/**
 * DAVINCI's ingerichte modulevariant as the mesh's course offer (davinci.course-offers.found.v1).
 * Plain data in, plain data out; the shapes are declared here so this stays free of I/O.
 */
export interface ModulevariantData {
  readonly modulevariantId: string;
  readonly cursuscode: string;
  readonly cursusnaam: string;
  readonly niveau: string;
  readonly instelling: { readonly naam: string; readonly postcode: string };
  readonly startdatum: string;
  readonly einddatum: string;
  readonly lesmomenten: readonly {
    readonly lesmomentId: string;
    readonly omschrijving: string;
    readonly vrijePlaatsen: number;
  }[];
  readonly tarief: { readonly bedragCent: number; readonly vrijstellingMogelijk: boolean };
}

export function toCourseOffer(offer: ModulevariantData) {
  return {
    offerId: offer.modulevariantId,
    courseCode: offer.cursuscode.slice(0, 50),
    courseName: offer.cursusnaam.slice(0, 300),
    level: offer.niveau.slice(0, 50),
    institution: offer.instelling.naam.slice(0, 300),
    postcode: offer.instelling.postcode,
    startDate: offer.startdatum,
    endDate: offer.einddatum,
    lessonMoments: offer.lesmomenten.map((moment) => moment.omschrijving.slice(0, 100)),
    lessonMomentSlots: offer.lesmomenten.map((moment) => ({
      lessonMomentId: moment.lesmomentId,
      description: moment.omschrijving.slice(0, 100),
      freePlaces: moment.vrijePlaatsen,
    })),
    tariffCents: offer.tarief.bedragCent,
    feeExemptionPossible: offer.tarief.vrijstellingMogelijk,
  };
}
