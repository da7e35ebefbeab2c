import { parseMintRequest } from './dev-token-issuer';

describe('parseMintRequest (POST /token of the development issuer)', () => {
  it('takes one role or several, a NIS code, subject and lifetime', () => {
    expect(
      parseMintRequest({ role: 'gemeentelijk-coordinator', nis: '44021', sub: 'u1', ttl: 60 }),
    ).toEqual({
      roles: ['gemeentelijk-coordinator'],
      nis: '44021',
      sub: 'u1',
      ttlSeconds: 60,
    });
    expect(parseMintRequest({ roles: ['beheerder', 'rapportering'] })).toEqual({
      roles: ['beheerder', 'rapportering'],
    });
  });

  it.each([
    [{ role: 'admin' }, 'roles must be a list of'],
    [{ roles: 'beheerder' }, 'roles must be a list of'],
    [{ nis: '4402' }, 'nis must be a 5-digit NIS code'],
    [{ role: 'gemeentelijk-coordinator' }, 'a gemeentelijk-coordinator token needs nis'],
    [{ ttl: 0 }, 'ttl must be whole seconds'],
    [{ ttl: 86_401 }, 'ttl must be whole seconds'],
    [{ sub: '' }, 'sub must be a non-empty string'],
    ['text', 'body must be a JSON object'],
  ])('refuses %j', (body, problem) => {
    expect(parseMintRequest(body)).toEqual(expect.stringContaining(problem));
  });
});
