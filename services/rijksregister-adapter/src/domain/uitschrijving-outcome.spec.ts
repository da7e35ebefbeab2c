import type { Repliek } from '@toevlucht/magda';
import { interpretUitschrijving } from './uitschrijving-outcome';

const issue = (code: string, type = 'FOUT', origin = 'MAGDA') => ({
  Identificatie: code,
  Oorsprong: origin,
  Type: type,
  Diagnose: 'd',
});
const repliek = (answerIssues: unknown[] = [], messageIssues?: unknown[]): Repliek<unknown> => ({
  ...(messageIssues === undefined
    ? {}
    : { Uitzonderingen: { Uitzondering: messageIssues as never } }),
  Antwoorden: {
    Antwoord: [
      {
        Referte: 'r',
        ...(answerIssues.length === 0
          ? {}
          : { Uitzonderingen: { Uitzondering: answerIssues as never } }),
      },
    ],
  },
});

describe('interpretUitschrijving', () => {
  it('an answer without errors is a deregistration', () => {
    expect(interpretUitschrijving(repliek())).toEqual({ kind: 'unregistered' });
  });

  it('a warning (WAARSCHUWING) does not stop it', () => {
    expect(interpretUitschrijving(repliek([issue('30004', 'WAARSCHUWING', 'RR')]))).toEqual({
      kind: 'unregistered',
    });
  });

  it('not in the repertorium (13202) is the asked-for state, not a refusal', () => {
    expect(interpretUitschrijving(repliek([issue('13202')]))).toEqual({ kind: 'not-registered' });
  });

  it('other errors at either level are refusals', () => {
    expect(interpretUitschrijving(repliek([issue('20002')]))).toEqual({
      kind: 'refused',
      code: '20002',
      origin: 'MAGDA',
    });
    expect(interpretUitschrijving(repliek([], [issue('40006')]))).toEqual({
      kind: 'refused',
      code: '40006',
      origin: 'MAGDA',
    });
    expect(interpretUitschrijving(repliek([issue('13202'), issue('30003', 'FOUT', 'RR')]))).toEqual(
      { kind: 'refused', code: '30003', origin: 'RR' },
    );
  });

  it('transient codes at either level are retried, before any refusal', () => {
    expect(interpretUitschrijving(repliek([], [issue('99996')]))).toEqual({
      kind: 'retry',
      code: '99996',
      origin: 'MAGDA',
    });
    expect(interpretUitschrijving(repliek([issue('20002'), issue('60006', 'FOUT', 'RR')]))).toEqual(
      { kind: 'retry', code: '60006', origin: 'RR' },
    );
  });
});
