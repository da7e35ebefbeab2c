import type { HealthCheck } from '@toevlucht/observability';
import type { BrokerConnections } from './broker-connections';

/** Readiness of the broker: the process holds both its AMQP connections open. */
export class BrokerHealthCheck implements HealthCheck {
  readonly name = 'broker';

  constructor(private readonly connections: BrokerConnections) {}

  check(): Promise<void> {
    const failure = this.connections.lastFailure;
    return failure === undefined ? Promise.resolve() : Promise.reject(new Error(failure));
  }
}
