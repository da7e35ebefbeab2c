import { randomUUID } from 'node:crypto';
import { type ChannelModel, connect } from 'amqplib';
import { EVENTS_EXCHANGE } from '@toevlucht/messaging';
import {
  dossierRequest,
  householdSpec,
  MUNICIPALITIES,
  PERSON_NUMBER_SPACE,
} from '../tools/mission/households';

/**
 * Drives households through the part of the mission the flow benchmark measures, over the
 * public HTTP APIs of a running mesh: register (POST /dossiers: the mission's households of
 * one to four synthetic persons the MAGDA simulator knows, tools/mission/households.ts), wait
 * until the national register has verified every member (registration's
 * `verification-changed` events), ask for a place, wait until housing has placed them
 * (`housing.placement.assigned`). Events are read from the broker, not by polling the
 * dossier, because every dossier read is an audited transaction that would load the very
 * database being measured. Ids and counts only; no personal data leaves this file.
 */
export interface FlowMesh {
  readonly gatewayUrl: string;
  readonly amqpUrl: string;
  url(service: string, replica?: number): string;
  token(role: string, claims?: { nis?: string; sub?: string }): Promise<string>;
}

/** Leuven: the households' reception municipality, where the offers are. */
const LEUVEN = MUNICIPALITIES.find((municipality) => municipality.name === 'Leuven')!;
const NIS_CODE = LEUVEN.nisCode;
const POSTCODE = LEUVEN.postcode;
/** The mission's household mix (tools/mission/households.ts) averages 2.5 persons; room for 3. */
const PERSONS_PER_HOUSEHOLD = 3;
const PLACE_CAPACITY = 500;

export interface HouseholdTimes {
  readonly registeredMs: number;
  readonly verifiedMs: number;
  readonly placedMs: number;
}

export class HouseholdFlow {
  private readonly verified = new Map<string, Map<string, string>>(); // dossier → person → status
  private next = 0;
  /** A random start in the person-number space, so runs on one mesh do not reuse numbers. */
  private readonly firstPerson = Math.floor(Math.random() * PERSON_NUMBER_SPACE);
  private readonly placed = new Map<string, 'assigned' | 'rejected'>();
  private readonly waiters = new Map<string, () => void>();
  private staffToken = '';

  private constructor(
    private readonly mesh: FlowMesh,
    private readonly broker: ChannelModel,
  ) {}

  static async start(mesh: FlowMesh): Promise<HouseholdFlow> {
    const broker = await connect(mesh.amqpUrl);
    const flow = new HouseholdFlow(mesh, broker);
    const channel = await broker.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, EVENTS_EXCHANGE, 'registration.person.verification-changed.v1');
    await channel.bindQueue(queue, EVENTS_EXCHANGE, 'housing.placement.assigned.v1');
    await channel.bindQueue(queue, EVENTS_EXCHANGE, 'housing.placement.rejected.v1');
    await channel.consume(queue, (message) => {
      if (message === null) return;
      flow.onEvent(
        message.properties.type as string,
        JSON.parse(message.content.toString()) as Record<string, unknown>,
      );
      channel.ack(message);
    });
    flow.staffToken = await mesh.token('agii-medewerker', { sub: 'bench-staff' });
    return flow;
  }

  async close(): Promise<void> {
    await this.broker.close().catch(() => undefined);
  }

  /** Enough reception places in Leuven for `households`, made available through the workflow. */
  async prepareCapacity(households: number): Promise<number> {
    const housing = `${this.mesh.url('housing')}/api/v1`;
    const admin = await this.mesh.token('beheerder', { sub: 'bench-admin' });
    const coordinator = await this.mesh.token('gemeentelijk-coordinator', {
      nis: NIS_CODE,
      sub: 'bench-coordinator',
    });
    const validator = await this.mesh.token('centrale-validator', { sub: 'bench-validator' });
    const registered = await call('POST', `${housing}/coordinators`, admin, {
      subject: 'bench-coordinator',
      nisCode: NIS_CODE,
    });
    if (registered.status !== 201 && registered.status !== 409)
      throw new Error(`coordinator registration answered ${registered.status}`);
    const places = Math.ceil((households * PERSONS_PER_HOUSEHOLD) / PLACE_CAPACITY) + 1;
    for (let i = 0; i < places; i += 1) {
      const offer = await call('POST', `${housing}/offers`, coordinator, {
        offerer: { name: `Bench reception ${i}`, email: 'bench@example.org' },
        address: { street: 'Benchlaan', houseNumber: String(i + 1), postcode: POSTCODE },
        type: 'collective',
        capacity: PLACE_CAPACITY,
        availableFrom: new Date().toISOString().slice(0, 10),
      });
      if (offer.status !== 201) throw new Error(`offer answered ${offer.status}`);
      let { id, version } = offer.body as { id: string; version: number };
      for (const [action, token] of [
        ['check', coordinator],
        ['validate', coordinator],
        ['validate-centrally', validator],
        ['make-available', validator],
      ] as const) {
        const moved = await call(
          'POST',
          `${housing}/offers/${id}/transitions`,
          token,
          { action },
          {
            'if-match': `"${version}"`,
          },
        );
        if (moved.status !== 200 && moved.status !== 201)
          throw new Error(`offer ${action} answered ${moved.status}`);
        ({ id, version } = moved.body as { id: string; version: number });
      }
    }
    return places * PLACE_CAPACITY;
  }

  /** A POST /dossiers body for the gateway load (the next household of the mix). */
  nextDossierBody(): unknown {
    return dossierRequest(householdSpec(this.next++, this.firstPerson), LEUVEN);
  }

  /** One household from POST to placed; the times are from its own start. */
  async household(): Promise<HouseholdTimes> {
    const started = performance.now();
    const gateway = `${this.mesh.gatewayUrl}/api/v1`;
    const household = householdSpec(this.next++, this.firstPerson);
    const body = dossierRequest(household, LEUVEN);
    const created = await call('POST', `${gateway}/dossiers`, this.staffToken, body, {
      'idempotency-key': randomUUID(),
    });
    if (created.status !== 201) throw new Error(`POST /dossiers answered ${created.status}`);
    const registeredMs = performance.now() - started;
    const { id } = created.body as { id: string };
    await this.until(id, () => (this.verified.get(id)?.size ?? 0) >= household.members.length);
    const verifiedMs = performance.now() - started;
    const statuses = [...(this.verified.get(id)?.values() ?? [])];
    if (statuses.some((status) => status !== 'verified'))
      throw new Error(`identity answered ${statuses.filter((s) => s !== 'verified').join(', ')}`);
    for (;;) {
      const current = await call('GET', `${gateway}/dossiers/${id}`, this.staffToken);
      const { version } = current.body as { version: number };
      const asked = await call(
        'POST',
        `${gateway}/dossiers/${id}/placement-request`,
        this.staffToken,
        undefined,
        { 'if-match': `"${version}"` },
      );
      if (asked.status === 202) break;
      if (asked.status !== 412) throw new Error(`placement request answered ${asked.status}`);
    }
    await this.until(id, () => this.placed.has(id));
    if (this.placed.get(id) !== 'assigned') throw new Error('housing rejected a placement');
    return { registeredMs, verifiedMs, placedMs: performance.now() - started };
  }

  private onEvent(type: string, data: Record<string, unknown>): void {
    const dossierId = String(data['dossierId']);
    if (type === 'registration.person.verification-changed.v1') {
      if (data['status'] === 'pending') return;
      const persons = this.verified.get(dossierId) ?? new Map<string, string>();
      persons.set(String(data['personId']), String(data['status']));
      this.verified.set(dossierId, persons);
    } else if (type === 'housing.placement.assigned.v1') this.placed.set(dossierId, 'assigned');
    else if (type === 'housing.placement.rejected.v1') this.placed.set(dossierId, 'rejected');
    this.waiters.get(dossierId)?.();
  }

  private async until(dossierId: string, condition: () => boolean): Promise<void> {
    while (!condition()) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1_000); // a missed wake-up costs a second, no more
        this.waiters.set(dossierId, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.waiters.delete(dossierId);
  }
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

async function call(
  method: string,
  url: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}
