import { decodeEnvelope, encodeData, toPublishOptions } from './amqp-envelope';
import type { Envelope } from './envelope';

const envelope: Envelope = {
  id: 'b1a4c7e2-0000-4000-8000-000000000001',
  type: 'test.thing.happened.v1',
  source: '/toevlucht/test',
  time: '2026-11-29T12:00:00.000Z',
  specversion: '1.0',
  dataschema: 'https://toevlucht.dev/contracts/test/test.thing.happened.v1.schema.json',
  correlationId: 'c0ffee00-0000-4000-8000-000000000002',
  causationId: 'cause-1',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  data: { thingId: 't-1' },
};

describe('the CloudEvents AMQP envelope', () => {
  it('carries every attribute as a cloudEvents: header and the AMQP properties', () => {
    const options = toPublishOptions(envelope);
    expect(options.headers).toEqual({
      'cloudEvents:specversion': '1.0',
      'cloudEvents:id': envelope.id,
      'cloudEvents:type': envelope.type,
      'cloudEvents:source': envelope.source,
      'cloudEvents:time': envelope.time,
      'cloudEvents:correlationid': envelope.correlationId,
      'cloudEvents:dataschema': envelope.dataschema,
      'cloudEvents:causationid': 'cause-1',
      'cloudEvents:traceparent': envelope.traceparent,
    });
    expect(options).toMatchObject({
      messageId: envelope.id,
      type: envelope.type,
      appId: envelope.source,
      correlationId: envelope.correlationId,
      timestamp: Date.parse(envelope.time) / 1000,
      contentType: 'application/json',
      persistent: true,
    });
  });

  it('reads back what it wrote', () => {
    const options = toPublishOptions(envelope);
    const decoded = decodeEnvelope({ ...options, body: encodeData(envelope.data) });
    expect(decoded).toEqual({ ok: true, envelope });
  });

  it('leaves out the optional attributes a message does not have, and defaults the rest', () => {
    const decoded = decodeEnvelope({
      messageId: 'm-1',
      type: 'test.thing.happened.v1',
      headers: { 'cloudEvents:dataschema': '' },
      body: Buffer.from('{}'),
    });
    expect(decoded).toEqual({
      ok: true,
      envelope: {
        id: 'm-1',
        type: 'test.thing.happened.v1',
        source: 'unknown',
        time: new Date(0).toISOString(),
        specversion: '1.0',
        correlationId: 'm-1',
        data: {},
      },
    });
  });

  it('takes id and type from the headers when the properties lack them', () => {
    const decoded = decodeEnvelope({
      headers: { 'cloudEvents:id': 'h-1', 'cloudEvents:type': 'test.thing.happened.v1' },
      body: Buffer.from('1'),
    });
    expect(decoded.ok && decoded.envelope.id).toBe('h-1');
    expect(decoded.ok && decoded.envelope.type).toBe('test.thing.happened.v1');
  });

  it('reports a malformed message as a result', () => {
    expect(decodeEnvelope({ body: Buffer.from('{}') })).toMatchObject({
      ok: false,
      reason: 'missing-message-id',
    });
    expect(decodeEnvelope({ messageId: 'm', body: Buffer.from('{}') })).toMatchObject({
      ok: false,
      reason: 'missing-type',
    });
    expect(decodeEnvelope({ messageId: 'm', type: 't', body: Buffer.from('{') })).toMatchObject({
      ok: false,
      reason: 'not-json',
    });
  });
});
