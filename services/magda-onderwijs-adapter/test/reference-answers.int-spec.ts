import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClientAsync } from 'soap';
import { findProjectRoot } from '@toevlucht/runtime';
import { interpretEnrolmentHistory } from '../src/domain/enrolment-history';

const root = findProjectRoot();
const references = join(
  root,
  'contracts',
  'wsdl',
  'reference-examples',
  'responses',
  'GeefHistoriekInschrijving-02.01',
);

/** The official mock's enrolment histories, parsed with our WSDL's soap parser, then mapped. */
describe('GeefHistoriekInschrijving reference answers', () => {
  let parse: (xml: string) => unknown;

  beforeAll(async () => {
    const client = await createClientAsync(
      join(root, 'contracts', 'wsdl', 'GeefHistoriekInschrijvingDienst-02.01.wsdl'),
    );
    parse = (xml) => client.wsdl.xmlToObject(xml) as unknown;
  });

  const interpret = (file: string) => {
    const body = readFileSync(join(references, file), 'utf8').replace(/^<\?xml[^>]*>/, '');
    const parsed = parse(
      `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`,
    ) as { Body: { GeefHistoriekInschrijvingResponse: { Repliek: never } } };
    return interpretEnrolmentHistory(parsed.Body.GeefHistoriekInschrijvingResponse.Repliek);
  };

  it('covers every reference file', () => {
    expect(readdirSync(references).sort()).toEqual([
      '00600099536.xml',
      '00611104284.xml',
      '01612804973.xml',
    ]);
  });

  it('maps adult-education enrolments with institution, programme, dates and status', () => {
    const outcome = interpret('00600099536.xml');
    if (outcome.kind !== 'retrieved') throw new Error(`expected retrieved, got ${outcome.kind}`);
    expect(outcome.enrolments.length).toBeGreaterThan(0);
    expect(outcome.enrolments.every((enrolment) => enrolment.source === 'VWO')).toBe(true);
    expect(outcome.enrolments).toContainEqual({
      source: 'VWO',
      institutionNumber: '126541',
      institutionName:
        'Centrum voor Basiseducatie Open School Campus Leuven-Aarschot-Diest-Haacht-Tienen',
      level: 'Nederlands tweede taal richtgraad 1',
      begin: '2017-05-31',
      status: 'INGESCHREVEN',
    });
    expect(outcome.enrolments.some((enrolment) => enrolment.end === '2016-05-30')).toBe(true);
  });

  it('maps compulsory-education (LP) and adult-education enrolments side by side', () => {
    const outcome = interpret('00611104284.xml');
    if (outcome.kind !== 'retrieved') throw new Error(`expected retrieved, got ${outcome.kind}`);
    const sources = new Set(outcome.enrolments.map((enrolment) => enrolment.source));
    expect(sources).toEqual(new Set(['LP', 'VWO']));
  });

  it('keeps the LP enrolments when one source (DAVINCI) has no data (30101)', () => {
    const outcome = interpret('01612804973.xml');
    if (outcome.kind !== 'retrieved') throw new Error(`expected retrieved, got ${outcome.kind}`);
    expect(outcome.enrolments.length).toBeGreaterThan(0);
    const first = outcome.enrolments.find((enrolment) => enrolment.institutionNumber === '37499');
    expect(first).toMatchObject({
      source: 'LP',
      begin: '2014-01-06',
      level: 'Secundair onderwijs',
    });
  });
});
