/**
 * The life of a housing offer (huisvestingsaanbod), as the government note describes it:
 * submitted → checked by the municipality → validated by the municipality → validated centrally
 * → available → partly occupied / occupied → withdrawn or closed. Plain rules, no I/O: the use
 * cases ask `decide` and record what it allows.
 */
export const OFFER_STATUSES = [
  'ingediend',
  'gecontroleerd',
  'gevalideerd',
  'centraal-gevalideerd',
  'beschikbaar',
  'deels-bezet',
  'bezet',
  'ingetrokken',
  'afgesloten',
] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** What a person asks to do with an offer; occupancy changes are the system's, never a person's. */
export const OFFER_ACTIONS = [
  'check',
  'validate',
  'validate-centrally',
  'make-available',
  'withdraw',
  'close',
] as const;
export type OfferAction = (typeof OFFER_ACTIONS)[number];

/** Who may act on offers: a municipality's coordinator, a central validator. */
export type OfferActorRole = 'gemeentelijk-coordinator' | 'centrale-validator';

interface Rule {
  readonly from: readonly OfferStatus[];
  readonly to: OfferStatus;
  readonly roles: readonly OfferActorRole[];
}

const BEFORE_AVAILABLE: readonly OfferStatus[] = [
  'ingediend',
  'gecontroleerd',
  'gevalideerd',
  'centraal-gevalideerd',
];

const RULES: Readonly<Record<OfferAction, Rule>> = {
  check: { from: ['ingediend'], to: 'gecontroleerd', roles: ['gemeentelijk-coordinator'] },
  validate: { from: ['gecontroleerd'], to: 'gevalideerd', roles: ['gemeentelijk-coordinator'] },
  'validate-centrally': {
    from: ['gevalideerd'],
    to: 'centraal-gevalideerd',
    roles: ['centrale-validator'],
  },
  'make-available': {
    from: ['centraal-gevalideerd'],
    to: 'beschikbaar',
    roles: ['gemeentelijk-coordinator', 'centrale-validator'],
  },
  // Occupied offers are not in `from`: the occupants move out first (refused with that reason).
  withdraw: {
    from: [...BEFORE_AVAILABLE, 'beschikbaar'],
    to: 'ingetrokken',
    roles: ['gemeentelijk-coordinator', 'centrale-validator'],
  },
  close: {
    from: ['beschikbaar'],
    to: 'afgesloten',
    roles: ['gemeentelijk-coordinator', 'centrale-validator'],
  },
};

export type OfferDecision =
  | { readonly allowed: true; readonly to: OfferStatus }
  | {
      readonly allowed: false;
      readonly reason: 'illegal-transition' | 'role-not-allowed' | 'occupants-must-move-first';
      /** The actions this role may take from the current status (for the 409). */
      readonly allowedActions: readonly OfferAction[];
    };

/** The actions `role` may take on an offer in `status`. */
export function allowedActions(status: OfferStatus, role: OfferActorRole): OfferAction[] {
  return OFFER_ACTIONS.filter((action) => {
    const rule = RULES[action];
    return rule.from.includes(status) && rule.roles.includes(role);
  });
}

export function decide(
  status: OfferStatus,
  action: OfferAction,
  role: OfferActorRole,
): OfferDecision {
  const rule = RULES[action];
  const allowed = allowedActions(status, role);
  if (!rule.roles.includes(role)) {
    return { allowed: false, reason: 'role-not-allowed', allowedActions: allowed };
  }
  if (rule.from.includes(status)) return { allowed: true, to: rule.to };
  const occupied = status === 'deels-bezet' || status === 'bezet';
  return {
    allowed: false,
    reason:
      occupied && (action === 'withdraw' || action === 'close')
        ? 'occupants-must-move-first'
        : 'illegal-transition',
    allowedActions: allowed,
  };
}

/** Statuses in which a place takes placements. */
export function takesPlacements(status: OfferStatus): boolean {
  return status === 'beschikbaar' || status === 'deels-bezet';
}

/** The status an available offer shows for its occupancy (the system's transition). */
export function occupancyStatus(occupants: number, capacity: number): OfferStatus {
  if (occupants <= 0) return 'beschikbaar';
  return occupants >= capacity ? 'bezet' : 'deels-bezet';
}

export function isOfferStatus(value: string): value is OfferStatus {
  return (OFFER_STATUSES as readonly string[]).includes(value);
}
