import { UndeclaredRoutesError, undeclaredRoutes } from './route-declarations';

describe('undeclaredRoutes', () => {
  it('lists routes without a usable declaration and leaves declared ones out', () => {
    const missing = undeclaredRoutes([
      { description: 'GET /a (A.get)', declaration: { kind: 'public' } },
      { description: 'GET /b (B.get)', declaration: { kind: 'roles', roles: ['beheerder'] } },
      { description: 'POST /c (C.post)', declaration: { kind: 'undeclared' } },
      { description: 'PUT /d (D.put)', declaration: { kind: 'conflicting' } },
    ]);
    expect(missing).toEqual(['POST /c (C.post)', 'PUT /d (D.put) [both @Public and @Roles]']);
    expect(new UndeclaredRoutesError(missing).message).toContain('  - POST /c (C.post)');
  });
});
