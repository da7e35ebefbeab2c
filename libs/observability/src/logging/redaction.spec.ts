import { REDACTED, isPersonalDataKey, redactPersonalData, scrubPersonalData } from './redaction';

describe('scrubPersonalData', () => {
  it.each([
    ['an INSZ, bare', 'lookup for 85073003328 failed', 'lookup for [redacted] failed'],
    ['an INSZ, formatted', 'person 85.07.30-033.28 found', 'person [redacted] found'],
    ['a BIS number', 'bis 85273003329 registered', 'bis [redacted] registered'],
    ['an e-mail address', 'mail olena.k@example.org bounced', 'mail [redacted] bounced'],
    ['an international phone', 'call +32 471 23 45 67 now', 'call [redacted] now'],
    ['a 00-prefixed phone', 'call 0032471234567', 'call [redacted]'],
    ['a Belgian mobile', 'gsm 0471 23 45 67.', 'gsm [redacted].'],
    ['a Belgian landline', 'tel 02/123.45.67', 'tel [redacted]'],
    ['an Ukrainian number', 'tel +380 44 123 4567', 'tel [redacted]'],
  ])('redacts %s', (_kind, input, expected) => {
    expect(scrubPersonalData(input)).toBe(expected);
  });

  it.each([
    ['a UUID', '0b7e2c1a-5f3d-4e7a-9c2b-1234567890ab'],
    ['an ISO timestamp', '2026-11-29T01:52:10.123Z'],
    ['a NIS code and postcode', 'municipality 44021 postcode 9000'],
    ['a duration', 'took 1234 ms'],
    ['a date', 'valid from 01.02.2026'],
  ])('keeps %s', (_kind, input) => {
    expect(scrubPersonalData(input)).toBe(input);
  });
});

describe('isPersonalDataKey', () => {
  it.each([
    'insz',
    'INSZ',
    'phoneNumber',
    'phone_number',
    'e-mail',
    'email',
    'address',
    'firstName',
    'voornaam',
    'geboortedatum',
  ])('treats %s as personal', (key) => expect(isPersonalDataKey(key)).toBe(true));

  it.each(['name', 'service', 'msg', 'municipality', 'nisCode', 'postcode', 'dossierId'])(
    'does not treat %s as personal',
    (key) => expect(isPersonalDataKey(key)).toBe(false),
  );
});

describe('redactPersonalData', () => {
  it('blanks personal keys at any depth and scrubs strings everywhere', () => {
    const input = {
      dossierId: 'd-1',
      members: [
        { insz: '85073003328', firstName: 'Olena', phones: ['+32471234567'], nisCode: '44021' },
      ],
      note: 'reach her at olena@example.org',
      nested: { deeper: { address: { street: 'Kerkstraat', postcode: '9000' } } },
    };
    expect(redactPersonalData(input)).toEqual({
      dossierId: 'd-1',
      members: [{ insz: REDACTED, firstName: REDACTED, phones: REDACTED, nisCode: '44021' }],
      note: `reach her at ${REDACTED}`,
      nested: { deeper: { address: REDACTED } },
    });
  });

  it('redacts an INSZ given as a number', () => {
    expect(redactPersonalData({ value: 85073003328, count: 3 })).toEqual({
      value: REDACTED,
      count: 3,
    });
  });

  it('scrubs error messages and stacks', () => {
    const error = new Error('no person with INSZ 85073003328');
    const result = redactPersonalData({ err: error }) as {
      err: { message: string; stack: string; type: string };
    };
    expect(result.err.type).toBe('Error');
    expect(result.err.message).toBe(`no person with INSZ ${REDACTED}`);
    expect(result.err.stack).not.toContain('85073003328');
  });

  it('does not change its input', () => {
    const input = { insz: '85073003328', list: ['olena@example.org'] };
    redactPersonalData(input);
    expect(input).toEqual({ insz: '85073003328', list: ['olena@example.org'] });
  });

  it('survives cycles and very deep objects', () => {
    const cyclic: Record<string, unknown> = { id: 1 };
    cyclic['self'] = cyclic;
    expect(redactPersonalData(cyclic)).toEqual({ id: 1, self: '[circular]' });
    let deep: Record<string, unknown> = { email: 'x@example.org' };
    for (let i = 0; i < 20; i += 1) deep = { next: deep };
    expect(JSON.stringify(redactPersonalData(deep))).not.toContain('x@example.org');
  });

  it('keeps nulls under personal keys (absence is not personal data)', () => {
    expect(redactPersonalData({ email: null, phone: undefined })).toEqual({
      email: null,
      phone: undefined,
    });
  });

  it('blanks the bound values of a failed SQL statement, in its fields and in its text', () => {
    const error = Object.assign(
      new Error(
        'Failed query: insert into "persons" ("birth_date", "needs") values ($1, $2)\nparams: 1985-03-14,{"education":{"level":"klas van juf Olena"}}',
      ),
      { params: ['1985-03-14', { note: 'klas van juf Olena' }], query: 'insert into "persons"' },
    );
    const logged = JSON.stringify(redactPersonalData({ err: error }));
    expect(logged).not.toContain('1985-03-14');
    expect(logged).not.toContain('juf Olena');
    expect(logged).toContain('insert into');
  });
});
