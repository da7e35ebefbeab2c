import { PermanentCallError, TransientCallError } from '@toevlucht/resilience';
import { askMagda } from './ask-magda';

const signal = new AbortController().signal;

describe('askMagda', () => {
  it('calls <Operation>Async with the Verzoek and the signal and returns the Repliek', async () => {
    const calls: unknown[] = [];
    const client = {
      GeefPersoonAsync(args: unknown, options: unknown) {
        calls.push(args, options);
        return Promise.resolve([{ Repliek: { Antwoorden: 'a' } }]);
      },
    };
    await expect(askMagda(client, 'GeefPersoon', { Verzoek: 1 }, signal)).resolves.toEqual({
      Antwoorden: 'a',
    });
    expect(calls).toEqual([{ Verzoek: 1 }, { signal }]);
  });

  it('keeps the client as `this` (node-soap methods use it)', async () => {
    const client = {
      marker: 'me',
      OpAsync(this: { marker: string }) {
        return Promise.resolve([{ Repliek: this.marker }]);
      },
    };
    await expect(askMagda(client, 'Op', {}, signal)).resolves.toBe('me');
  });

  it('treats an answer without Repliek as transient', async () => {
    const client = { OpAsync: () => Promise.resolve([{}]) };
    await expect(askMagda(client, 'Op', {}, signal)).rejects.toBeInstanceOf(TransientCallError);
    const empty = { OpAsync: () => Promise.resolve([null]) };
    await expect(askMagda(empty, 'Op', {}, signal)).rejects.toBeInstanceOf(TransientCallError);
  });

  it('classifies what the call throws: network errors transient, client faults permanent', async () => {
    const reset = {
      OpAsync: () => Promise.reject(Object.assign(new Error('x'), { code: 'ECONNRESET' })),
    };
    await expect(askMagda(reset, 'Op', {}, signal)).rejects.toBeInstanceOf(TransientCallError);
    const fault = {
      OpAsync: () =>
        Promise.reject(
          Object.assign(new Error('fault'), {
            root: { Envelope: { Body: { Fault: { faultcode: 'soap:Client' } } } },
          }),
        ),
    };
    await expect(askMagda(fault, 'Op', {}, signal)).rejects.toBeInstanceOf(PermanentCallError);
  });

  it('names a missing operation instead of failing with "not a function"', async () => {
    await expect(askMagda({}, 'GeefPersoon', {}, signal)).rejects.toThrow(
      'The SOAP client has no operation GeefPersoon',
    );
  });
});
