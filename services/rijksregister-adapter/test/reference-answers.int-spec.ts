import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClientAsync } from 'soap';
import { findProjectRoot } from '@toevlucht/runtime';
import { interpretGeefPersoon } from '../src/domain/geef-persoon-outcome';

const root = findProjectRoot();
const references = join(
  root,
  'contracts',
  'wsdl',
  'reference-examples',
  'responses',
  'GeefPersoon-02.02',
);

/**
 * Every GeefPersoon answer of the official MAGDA mock, parsed by the soap client built from
 * our WSDL (as the adapter parses live answers), then interpreted. The files are read as they
 * are; their names are the INSZ that was asked.
 */
describe('GeefPersoon reference answers', () => {
  let parse: (xml: string) => unknown;

  beforeAll(async () => {
    const client = await createClientAsync(
      join(root, 'contracts', 'wsdl', 'GeefPersoonDienst-02.02.wsdl'),
    );
    parse = (xml) => client.wsdl.xmlToObject(xml) as unknown;
  });

  const interpret = (file: string) => {
    const body = readFileSync(join(references, file), 'utf8').replace(/^<\?xml[^>]*>/, '');
    const parsed = parse(
      `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`,
    ) as { Body: { GeefPersoonResponse: { Repliek: never } } };
    return interpretGeefPersoon(parsed.Body.GeefPersoonResponse.Repliek, file.slice(0, 11));
  };

  it('covers every reference file', () => {
    expect(readdirSync(references).sort()).toEqual([
      '00600099536.xml',
      '02682599761.xml',
      '10630345934.xml',
      '13662188822.xml',
      '63661643101.xml',
      '74612515806.xml',
    ]);
  });

  it('maps the adult refugee with a partial birth date and a main address', () => {
    const outcome = interpret('00600099536.xml');
    expect(outcome).toMatchObject({
      kind: 'found',
      person: {
        familyNames: ['Daoud'],
        givenNames: ['Hamid'],
        birthDate: '2000',
        gender: 'M',
        register: 'rijksregister',
        mainAddress: {
          street: 'Dorpsstraat',
          houseNumber: '405',
          postcode: '3070',
          municipality: 'Kortenberg',
          nisCode: '24055',
          since: '2014-05-23',
        },
      },
    });
    // 822 (refugee of Afghan origin) has no ISO country code: left out, not guessed.
    expect(outcome.kind === 'found' && outcome.person.nationalities).toBeFalsy();
  });

  it('reports a person answered under another INSZ as insz-changed', () => {
    expect(interpret('10630345934.xml')).toEqual({
      kind: 'insz-changed',
      currentInsz: '10630346924',
    });
  });

  it('maps 30001 at answer level to not-found', () => {
    expect(interpret('74612515806.xml')).toEqual({ kind: 'not-found', code: '30001' });
  });

  it('treats 99994 at message level as transient (retry, counts for the breaker)', () => {
    expect(interpret('13662188822.xml')).toEqual({ kind: 'retry', code: '99994', origin: 'MAGDA' });
  });

  it('keeps an informational notice (30042) with the found person', () => {
    const outcome = interpret('63661643101.xml');
    expect(outcome.kind).toBe('found');
    expect(outcome.kind === 'found' && outcome.notices.map((notice) => notice.code)).toEqual([
      '30042',
    ]);
  });

  it('maps the answer with a warning to a found person', () => {
    const outcome = interpret('02682599761.xml');
    expect(outcome.kind).toBe('found');
  });
});
