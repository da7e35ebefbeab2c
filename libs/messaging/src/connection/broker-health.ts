import type { HealthCheck } from '@toevlucht/observability';
import type { BrokerConnection } from './broker-connection';

/** Readiness of the broker: the process holds an open AMQP connection. */
export class BrokerHealthCheck implements HealthCheck {
  readonly name = 'broker';

  constructor(private readonly connection: BrokerConnection) {}

  check(): Promise<void> {
    const failure = this.connection.lastFailure;
    return failure === undefined ? Promise.resolve() : Promise.reject(new Error(failure));
  }
}
