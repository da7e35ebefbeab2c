import type { Principal } from '../principal';
import type { Role } from '../roles';
import {
  type AccessDecision,
  declarationOf,
  decideAccess,
  type RouteDeclaration,
} from './access-decision';

const as = (...roles: Role[]): Principal => ({ subject: 's-1', roles });

describe('decideAccess', () => {
  const coordinatorsAndStaff: RouteDeclaration = {
    kind: 'roles',
    roles: ['gemeentelijk-coordinator', 'agii-medewerker'],
  };

  it.each<[string, RouteDeclaration, Principal | undefined, AccessDecision]>([
    ['a public route, no token', { kind: 'public' }, undefined, { outcome: 'allow' }],
    ['a public route, any principal', { kind: 'public' }, as('rapportering'), { outcome: 'allow' }],
    ['a roles route, no principal', coordinatorsAndStaff, undefined, { outcome: 'authenticate' }],
    [
      'a roles route, one matching role',
      coordinatorsAndStaff,
      as('agii-medewerker'),
      { outcome: 'allow' },
    ],
    [
      'a roles route, one of several roles matching',
      coordinatorsAndStaff,
      as('rapportering', 'gemeentelijk-coordinator'),
      { outcome: 'allow' },
    ],
    [
      'a roles route, no matching role',
      coordinatorsAndStaff,
      as('rapportering'),
      { outcome: 'forbid', why: 'role-not-allowed' },
    ],
    [
      'a roles route, a principal without roles',
      coordinatorsAndStaff,
      as(),
      { outcome: 'forbid', why: 'role-not-allowed' },
    ],
    [
      'beheerder is not a wildcard',
      coordinatorsAndStaff,
      as('beheerder'),
      { outcome: 'forbid', why: 'role-not-allowed' },
    ],
    [
      'an undeclared route, no token',
      { kind: 'undeclared' },
      undefined,
      { outcome: 'forbid', why: 'route-undeclared' },
    ],
    [
      'an undeclared route, every role',
      { kind: 'undeclared' },
      as(
        'agii-medewerker',
        'centrale-validator',
        'gemeentelijk-coordinator',
        'rapportering',
        'beheerder',
      ),
      { outcome: 'forbid', why: 'route-undeclared' },
    ],
    [
      'a conflicting declaration',
      { kind: 'conflicting' },
      as('beheerder'),
      { outcome: 'forbid', why: 'route-undeclared' },
    ],
  ])('%s', (_case, declaration, principal, expected) => {
    expect(decideAccess(declaration, principal)).toEqual(expected);
  });
});

describe('declarationOf', () => {
  it.each<
    [
      string,
      Parameters<typeof declarationOf>[0],
      Parameters<typeof declarationOf>[1],
      RouteDeclaration,
    ]
  >([
    ['nothing anywhere', {}, {}, { kind: 'undeclared' }],
    ['roles on the method', { roles: ['beheerder'] }, {}, { kind: 'roles', roles: ['beheerder'] }],
    [
      'roles on the controller',
      {},
      { roles: ['rapportering'] },
      { kind: 'roles', roles: ['rapportering'] },
    ],
    ['public on the method', { isPublic: true }, {}, { kind: 'public' }],
    [
      'the method narrows the controller',
      { roles: ['beheerder'] },
      { roles: ['agii-medewerker', 'beheerder'] },
      { kind: 'roles', roles: ['beheerder'] },
    ],
    [
      'a public method in a roles controller',
      { isPublic: true },
      { roles: ['beheerder'] },
      { kind: 'public' },
    ],
    [
      'a roles method in a public controller',
      { roles: ['beheerder'] },
      { isPublic: true },
      { kind: 'roles', roles: ['beheerder'] },
    ],
    ['an empty @Roles()', { roles: [] }, {}, { kind: 'undeclared' }],
    ['both on one method', { isPublic: true, roles: ['beheerder'] }, {}, { kind: 'conflicting' }],
  ])('%s', (_case, method, controller, expected) => {
    expect(declarationOf(method, controller)).toEqual(expected);
  });
});
