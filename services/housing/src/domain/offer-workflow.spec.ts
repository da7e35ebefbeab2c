import {
  allowedActions,
  decide,
  occupancyStatus,
  OFFER_ACTIONS,
  OFFER_STATUSES,
  takesPlacements,
  type OfferAction,
  type OfferActorRole,
  type OfferStatus,
} from './offer-workflow';

const ROLES: OfferActorRole[] = ['gemeentelijk-coordinator', 'centrale-validator'];

// The whole table, written out by hand from the government note: [from, action, role] → to.
const ALLOWED: [OfferStatus, OfferAction, OfferActorRole, OfferStatus][] = [
  ['ingediend', 'check', 'gemeentelijk-coordinator', 'gecontroleerd'],
  ['gecontroleerd', 'validate', 'gemeentelijk-coordinator', 'gevalideerd'],
  ['gevalideerd', 'validate-centrally', 'centrale-validator', 'centraal-gevalideerd'],
  ['centraal-gevalideerd', 'make-available', 'gemeentelijk-coordinator', 'beschikbaar'],
  ['centraal-gevalideerd', 'make-available', 'centrale-validator', 'beschikbaar'],
  ...(
    ['ingediend', 'gecontroleerd', 'gevalideerd', 'centraal-gevalideerd', 'beschikbaar'] as const
  ).flatMap((from) =>
    ROLES.map((role): [OfferStatus, OfferAction, OfferActorRole, OfferStatus] => [
      from,
      'withdraw',
      role,
      'ingetrokken',
    ]),
  ),
  ['beschikbaar', 'close', 'gemeentelijk-coordinator', 'afgesloten'],
  ['beschikbaar', 'close', 'centrale-validator', 'afgesloten'],
];

const key = (from: string, action: string, role: string) => `${from}|${action}|${role}`;
const allowedKeys = new Map(ALLOWED.map(([f, a, r, t]) => [key(f, a, r), t]));

describe('offer workflow', () => {
  const every = OFFER_STATUSES.flatMap((from) =>
    OFFER_ACTIONS.flatMap((action) => ROLES.map((role) => [from, action, role] as const)),
  );

  it.each(every)('%s --%s--> as %s', (from, action, role) => {
    const decision = decide(from, action, role);
    const expected = allowedKeys.get(key(from, action, role));
    if (expected === undefined) {
      expect(decision.allowed).toBe(false);
    } else {
      expect(decision).toEqual({ allowed: true, to: expected });
    }
  });

  it('covers all 108 combinations and allows exactly the table', () => {
    expect(every).toHaveLength(OFFER_STATUSES.length * OFFER_ACTIONS.length * ROLES.length);
    expect(every.filter(([f, a, r]) => decide(f, a, r).allowed)).toHaveLength(ALLOWED.length);
  });

  it('names the actions the role may take instead', () => {
    expect(decide('ingediend', 'validate', 'gemeentelijk-coordinator')).toEqual({
      allowed: false,
      reason: 'illegal-transition',
      allowedActions: ['check', 'withdraw'],
    });
  });

  it('refuses a coordinator the central validation whatever the status', () => {
    for (const status of OFFER_STATUSES) {
      expect(decide(status, 'validate-centrally', 'gemeentelijk-coordinator')).toMatchObject({
        allowed: false,
        reason: 'role-not-allowed',
      });
    }
  });

  it('refuses to withdraw or close an occupied offer until the occupants moved', () => {
    for (const status of ['deels-bezet', 'bezet'] as const) {
      for (const action of ['withdraw', 'close'] as const) {
        expect(decide(status, action, 'centrale-validator')).toEqual({
          allowed: false,
          reason: 'occupants-must-move-first',
          allowedActions: [],
        });
      }
    }
  });

  it('ends in withdrawn and closed: nothing leaves them', () => {
    for (const status of ['ingetrokken', 'afgesloten'] as const) {
      for (const role of ROLES) expect(allowedActions(status, role)).toEqual([]);
    }
  });

  it('takes placements only while available or partly occupied', () => {
    expect(OFFER_STATUSES.filter(takesPlacements)).toEqual(['beschikbaar', 'deels-bezet']);
  });

  it('derives the occupancy status from occupants and capacity', () => {
    expect(occupancyStatus(0, 4)).toBe('beschikbaar');
    expect(occupancyStatus(1, 4)).toBe('deels-bezet');
    expect(occupancyStatus(3, 4)).toBe('deels-bezet');
    expect(occupancyStatus(4, 4)).toBe('bezet');
  });
});
