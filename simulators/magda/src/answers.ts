import type { SimulatedPerson } from './persons';

const GEEF_PERSOON_NS = 'http://magda.vlaanderen.be/persoon/soap/geefpersoon/v02_02';

export interface AnswerContext {
  readonly ontvanger: string;
  readonly referte: string;
  readonly hoedanigheid: string;
  readonly now: Date;
}

const escape = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function context(ctx: AnswerContext): string {
  return `<Context><Naam>GeefPersoon</Naam><Versie>02.02.0000</Versie><Bericht><Type>ANTWOORD</Type><Tijdstip><Datum>${ctx.now.toISOString().slice(0, 10)}</Datum><Tijd>${ctx.now.toISOString().slice(11, 23)}</Tijd></Tijdstip><Afzender><Identificatie>vip.vlaanderen.be</Identificatie><Naam>MagdaGateway</Naam><Referte>sim-${ctx.referte}</Referte></Afzender><Ontvanger><Identificatie>${escape(ctx.ontvanger)}</Identificatie><Referte>${escape(ctx.referte)}</Referte><Hoedanigheid>${escape(ctx.hoedanigheid)}</Hoedanigheid></Ontvanger></Bericht></Context>`;
}

export function uitzonderingen(
  issues: readonly { code: string; origin: string; type: string; diagnose: string }[],
): string {
  return `<Uitzonderingen>${issues
    .map(
      (issue) =>
        `<Uitzondering><Identificatie>${issue.code}</Identificatie><Oorsprong>${issue.origin}</Oorsprong><Type>${issue.type}</Type><Diagnose>${escape(issue.diagnose)}</Diagnose></Uitzondering>`,
    )
    .join('')}</Uitzonderingen>`;
}

function persoon(person: SimulatedPerson, insz: string): string {
  const address = person.address;
  return `<Persoon Bron="${person.bron}"><INSZ>${insz}</INSZ><Naam DatumBegin="${person.birthDate}"><Achternamen><Achternaam>${escape(person.familyName)}</Achternaam></Achternamen><Voornamen>${person.givenNames.map((name) => `<Voornaam>${escape(name)}</Voornaam>`).join('')}</Voornamen></Naam><Geslacht><Code>${person.gender}</Code></Geslacht>${
    person.bron === 'RR'
      ? `<Register DatumBegin="2024-03-01"><Code>1</Code><Omschrijving Taal="nl">V.R.</Omschrijving></Register>`
      : ''
  }<Nationaliteiten><Nationaliteit DatumBegin="${person.birthDate}"><Code>${person.nationalityCode}</Code></Nationaliteit></Nationaliteiten><Geboorte DatumBegin="${person.birthDate}"><Datum>${person.birthDate}</Datum></Geboorte>${
    person.deceasedOn === undefined
      ? ''
      : `<Overlijden DatumBegin="${person.deceasedOn}"><Datum>${person.deceasedOn}</Datum></Overlijden>`
  }${
    address === undefined
      ? ''
      : `<Adressen><Hoofdverblijfplaats DatumBegin="${address.since}"><Straatnaam><String>${escape(address.street)}</String><Taal>nl</Taal></Straatnaam><Huisnummer>${address.houseNumber}</Huisnummer><Gemeentenaam><String>${escape(address.municipality)}</String><Taal>nl</Taal></Gemeentenaam><Postcode>${address.postcode}</Postcode><NISCodeLand>150</NISCodeLand><ISOCodeLand>BEL</ISOCodeLand><NISCodeGemeente>${address.nisCode}</NISCodeGemeente></Hoofdverblijfplaats></Adressen>`
  }</Persoon>`;
}

export function envelope(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
}

/** A GeefPersoon answer: a person, a person under a new INSZ (30004), or answer-level codes. */
export function geefPersoonAnswer(
  ctx: AnswerContext,
  content:
    | { person: SimulatedPerson }
    | {
        issues: readonly { code: string; origin: string; type: string; diagnose: string }[];
        level: 'answer' | 'message';
      },
): string {
  let antwoorden: string;
  let messageIssues = '';
  if ('person' in content) {
    const person = content.person;
    const insz = person.newInsz ?? person.insz;
    const warning =
      person.newInsz === undefined
        ? ''
        : uitzonderingen([
            { code: '30004', origin: 'RR', type: 'WAARSCHUWING', diagnose: 'INSZ gewijzigd' },
          ]);
    antwoorden = `<Antwoorden><Antwoord><Referte>${escape(ctx.referte)}</Referte><Inhoud>${persoon(person, insz)}</Inhoud>${warning}</Antwoord></Antwoorden>`;
  } else if (content.level === 'answer') {
    antwoorden = `<Antwoorden><Antwoord><Referte>${escape(ctx.referte)}</Referte>${uitzonderingen(content.issues)}</Antwoord></Antwoorden>`;
  } else {
    antwoorden = '';
    messageIssues = uitzonderingen(content.issues);
  }
  return envelope(
    `<web:GeefPersoonResponse xmlns:web="${GEEF_PERSOON_NS}"><Repliek>${context(ctx)}${messageIssues}${antwoorden}</Repliek></web:GeefPersoonResponse>`,
  );
}

export function soapFault(code: 'soapenv:Server' | 'soapenv:Client', text: string): string {
  return envelope(
    `<soapenv:Fault><faultcode>${code}</faultcode><faultstring>${escape(text)}</faultstring></soapenv:Fault>`,
  );
}

const HISTORIEK_NS =
  'http://webservice.geefhistoriekinschrijvingdienst-02_01.onderwijs.vlaanderen.be';

/** A GeefHistoriekInschrijving answer: the person's enrolments, or answer-level codes. */
export function historiekAnswer(
  ctx: AnswerContext,
  content:
    | { person: SimulatedPerson }
    | {
        issues: readonly { code: string; origin: string; type: string; diagnose: string }[];
        level: 'answer' | 'message';
      },
): string {
  const head = context(ctx).replace(
    '<Naam>GeefPersoon</Naam><Versie>02.02.0000</Versie>',
    '<Naam>GeefHistoriekInschrijving</Naam><Versie>02.01.0000</Versie>',
  );
  let body: string;
  if ('person' in content) {
    const enrolments = content.person.enrolments ?? [];
    const inschrijvingen = enrolments
      .map((enrolment) => {
        const block =
          enrolment.bron === 'VWO'
            ? `<Volwassenenonderwijs><Status><Code>INGESCHREVEN</Code><Omschrijving>Ingeschreven</Omschrijving></Status><DatumInschrijving>${enrolment.begin}</DatumInschrijving>${enrolment.einde === undefined ? '' : `<DatumUitschrijving>${enrolment.einde}</DatumUitschrijving>`}<Opleiding><Code>601</Code><Naam>Nederlands tweede taal richtgraad 1</Naam></Opleiding></Volwassenenonderwijs>`
            : `<LeerplichtOnderwijs><SoortProgramma><Code>1</Code><Omschrijving>Voltijds</Omschrijving></SoortProgramma><DatumInschrijving>${enrolment.begin}</DatumInschrijving><Schooljaar>${enrolment.begin.slice(0, 4)}</Schooljaar><InschrijvingAdministratieveGroep><Referte>sim-${enrolment.instelling}</Referte><Periode><Begin>${enrolment.begin}</Begin>${enrolment.einde === undefined ? '' : `<Einde>${enrolment.einde}</Einde>`}</Periode><AdministratieveGroep><Nummer>1</Nummer><Naam>3de leerjaar</Naam><Niveau><Code>2</Code><Omschrijving>Lager onderwijs</Omschrijving></Niveau></AdministratieveGroep></InschrijvingAdministratieveGroep></LeerplichtOnderwijs>`;
        return `<Inschrijving><Bron>${enrolment.bron}</Bron><Referte>sim-${enrolment.instelling}-${enrolment.begin}</Referte><Instelling><Instellingsnummer>${enrolment.instelling}</Instellingsnummer><OfficieleNaam>${escape(enrolment.naam)}</OfficieleNaam></Instelling>${block}</Inschrijving>`;
      })
      .join('');
    const noData =
      enrolments.length === 0
        ? uitzonderingen([
            { code: '30101', origin: 'DVNCI', type: 'FOUT', diagnose: 'Geen gegevens gevonden' },
          ])
        : '';
    body = `<Antwoorden><Antwoord><Referte>${escape(ctx.referte)}</Referte><Inhoud><Inschrijvingen>${inschrijvingen}</Inschrijvingen></Inhoud>${noData}</Antwoord></Antwoorden>`;
  } else if (content.level === 'answer') {
    body = `<Antwoorden><Antwoord><Referte>${escape(ctx.referte)}</Referte>${uitzonderingen(content.issues)}</Antwoord></Antwoorden>`;
  } else {
    body = uitzonderingen(content.issues);
  }
  return envelope(
    `<web:GeefHistoriekInschrijvingResponse xmlns:web="${HISTORIEK_NS}"><Repliek>${head}${body}</Repliek></web:GeefHistoriekInschrijvingResponse>`,
  );
}

const REGISTREER_NS =
  'http://webservice.registreerinschrijvingdienst-02_01.repertorium-02_01.vip.vlaanderen.be';

/** A RegistreerInschrijving answer: the Antwoord with its Referte, or answer-level codes. */
export function registreerAnswer(
  ctx: AnswerContext,
  issues: readonly { code: string; origin: string; type: string; diagnose: string }[],
): string {
  const head = context(ctx).replace(
    '<Naam>GeefPersoon</Naam><Versie>02.02.0000</Versie>',
    '<Naam>RegistreerInschrijving</Naam><Versie>02.01.0000</Versie>',
  );
  const problems = issues.length === 0 ? '' : uitzonderingen(issues);
  return envelope(
    `<web:RegistreerInschrijvingResponse xmlns:web="${REGISTREER_NS}"><Repliek>${head}<Antwoorden><Antwoord><Referte>${escape(ctx.referte)}</Referte>${problems}</Antwoord></Antwoorden></Repliek></web:RegistreerInschrijvingResponse>`,
  );
}

// Our assumption by analogy with RegistreerInschrijving (see contracts/wsdl/README.md).
const UITSCHRIJVING_NS =
  'http://webservice.registreeruitschrijvingdienst-02_01.repertorium-02_01.vip.vlaanderen.be';

/**
 * A RegistreerUitschrijving answer: the Antwoord with its Referte and answer-level codes, or
 * (level `message`) codes for the whole message and no Antwoord, as MAGDA reports a source down.
 */
export function uitschrijvingAnswer(
  ctx: AnswerContext,
  issues: readonly { code: string; origin: string; type: string; diagnose: string }[],
  level: 'answer' | 'message' = 'answer',
): string {
  const head = context(ctx).replace(
    '<Naam>GeefPersoon</Naam><Versie>02.02.0000</Versie>',
    '<Naam>RegistreerUitschrijving</Naam><Versie>02.01.0000</Versie>',
  );
  const problems = issues.length === 0 ? '' : uitzonderingen(issues);
  const body =
    level === 'message'
      ? problems
      : `<Antwoorden><Antwoord><Referte>${escape(ctx.referte)}</Referte>${problems}</Antwoord></Antwoorden>`;
  return envelope(
    `<web:RegistreerUitschrijvingResponse xmlns:web="${UITSCHRIJVING_NS}"><Repliek>${head}${body}</Repliek></web:RegistreerUitschrijvingResponse>`,
  );
}
