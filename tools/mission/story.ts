import type { MissionEvent } from './run-mission';

/**
 * One line of the demo's story per mission event: what happened and the ids to look at, never
 * a name or an INSZ (the events carry none). Pure, so it is unit-tested.
 */

export function euros(cents: number): string {
  const whole = Math.floor(cents / 100)
    .toLocaleString('en-US')
    .replaceAll(',', '.');
  return `€ ${whole},${String(cents % 100).padStart(2, '0')}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;
}

function tally(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
}

export function storyLine(event: MissionEvent): string {
  switch (event.kind) {
    case 'municipality':
      return `${event.municipality.name} (NIS ${event.municipality.nisCode}) gets ready: coordinator ${event.coordinator} registered, tariffs and the town's account in subsidy`;
    case 'offer':
      return `housing offer ${event.offer.reference} (${event.offer.type}, ${plural(event.offer.capacity, 'bed')}): ${event.offer.statuses.join(' → ')}; place ${event.offer.placeId} open`;
    case 'registered': {
      const h = event.household;
      return `household #${h.index + 1}: ${plural(h.adults, 'adult')}, ${plural(h.minors, 'minor')} → dossier ${h.dossierId}`;
    }
    case 'checked': {
      const c = event.checks;
      const school =
        c.minorsChecked === 0
          ? 'no minors'
          : `school enrolment of ${plural(c.minorsChecked, 'minor')} looked up: ${c.minorsEnrolled} enrolled (school ${c.schools.join(', ') || 'none'})`;
      return `dossier ${c.dossierId}: identities ${tally(c.verification)} by the national register; ${school}; Dutch courses found: ${c.courseOffers} for ${plural(c.adultsWithCourseOffers, 'adult')} (${c.courseInstitutions.slice(0, 3).join(', ') || 'none'})`;
    }
    case 'placed':
      return `dossier ${event.placement.dossierId} placed in NIS ${event.placement.nisCode}, place ${event.placement.placeId} from ${event.placement.from} (placement ${event.placement.placementId})`;
    case 'household-failed':
      return `household #${event.index + 1} stopped at ${event.step}: ${event.reason}`;
    case 'claim-approved': {
      const c = event.claim;
      return `claim ${c.claimId} v${c.version} for ${c.period}: ${plural(c.persons, 'person')}, ${plural(c.nights, 'night')}, ${euros(c.amountCents)}; submitted by ${c.submittedBy ?? '?'}, approved by ${c.approvedBy ?? '?'} (four eyes)`;
    }
    case 'claim-paid':
      return `claim ${event.claim.claimId} v${event.claim.version} paid: ${euros(event.claim.amountCents)}, Orafin reference ${event.claim.paymentReference ?? '?'}`;
  }
}
