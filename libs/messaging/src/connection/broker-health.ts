import type { HealthCheck } from '@toevlucht/observability';
import type { BrokerConnections } from './broker-connections';

/**
 * Readiness of the broker: the process holds both its AMQP connections open and has declared
 * its queues. Before the declaration an event for this service reaches no queue on a fresh
 * broker (a new vhost, a first deployment), so whoever waits for readiness before sending work
 * (the whole-mesh tests, a rollout) must not see the service ready yet.
 */
export class BrokerHealthCheck implements HealthCheck {
  readonly name = 'broker';

  constructor(
    private readonly connections: BrokerConnections,
    private readonly topologyDeclared: () => boolean = () => true,
  ) {}

  check(): Promise<void> {
    const failure =
      this.connections.lastFailure ??
      (this.topologyDeclared() ? undefined : 'message queues not declared yet');
    return failure === undefined ? Promise.resolve() : Promise.reject(new Error(failure));
  }
}
