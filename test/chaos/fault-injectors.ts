import { setTimeout as sleep } from 'node:timers/promises';
import type { Ledger } from './ledger';
import type { PrivateBroker } from './private-broker';

export type SimulatorName = 'magda' | 'davinci' | 'orafin-sftp';

/** What the injectors need of a mesh instance (tools/mesh-instance's MeshInstance has it all). */
export interface KillableMesh {
  kill(service: string, replica?: number, signal?: NodeJS.Signals): Promise<void>;
  restart(service: string, replica?: number): Promise<void>;
  stopSimulator(name: SimulatorName): Promise<void>;
  startSimulator(name: SimulatorName): Promise<void>;
  simulatorAdminUrl(name: SimulatorName): string;
}

/**
 * The faults of the suite, each written to the ledger as it happens. Every fault ends by
 * itself (a killed service is restarted, a partner comes back), so the end state can be judged
 * as a recovered mesh.
 */
export class FaultInjector {
  constructor(
    private readonly mesh: KillableMesh,
    private readonly broker: PrivateBroker,
    private readonly ledger: Ledger,
  ) {}

  /** SIGKILL: no graceful shutdown, in-flight messages unacked, outbox rows half-relayed. */
  async killAndRestart(service: string, downMs = 1_000): Promise<void> {
    await this.ledger.timed(`SIGKILL ${service}`, () => this.mesh.kill(service, 0, 'SIGKILL'));
    await sleep(downMs);
    await this.ledger.timed(`restart ${service} (until ready)`, () => this.mesh.restart(service));
  }

  /**
   * The broker application stops and starts again on the same node: every connection drops,
   * queues go offline. The services are not touched; they must reconnect by themselves.
   */
  async restartBroker(downMs = 3_000): Promise<void> {
    await this.ledger.timed('rabbitmqctl stop_app', () => this.broker.stopApp());
    await sleep(downMs);
    await this.ledger.timed('rabbitmqctl start_app', () => this.broker.startApp());
  }

  /**
   * A partner is down for `durationMs`. MAGDA and DAVINCI: their process is stopped (connections
   * refused) and started again. Orafin's SFTP drop: its own outage switch (connections dropped
   * before login), because its received files live in the process's memory and are needed
   * afterwards to check that no payment was sent twice.
   */
  async partnerOutage(name: SimulatorName, durationMs: number): Promise<void> {
    if (name === 'orafin-sftp') {
      this.ledger.action(`Orafin SFTP down for ${durationMs / 1000} s (simulator outage switch)`);
      const response = await fetch(`${this.mesh.simulatorAdminUrl(name)}/admin/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ outageMs: durationMs }),
      });
      if (!response.ok) throw new Error(`Orafin simulator refused the outage: ${response.status}`);
      await sleep(durationMs);
      this.ledger.action('Orafin SFTP back');
      return;
    }
    await this.ledger.timed(`stop ${name} simulator (down for ${durationMs / 1000} s)`, () =>
      this.mesh.stopSimulator(name),
    );
    await sleep(durationMs);
    await this.ledger.timed(`start ${name} simulator`, () => this.mesh.startSimulator(name));
  }
}
