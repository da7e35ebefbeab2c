import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultInjector, SimulatorName } from './fault-injectors';
import type { Ledger } from './ledger';

/** One fault of the run. */
export type Fault =
  | { readonly kind: 'malformed-messages' }
  | { readonly kind: 'kill-service'; readonly service: string }
  | { readonly kind: 'broker-restart' }
  | {
      readonly kind: 'partner-outage';
      readonly simulator: SimulatorName;
      readonly durationMs: number;
    };

/**
 * The order of the faults: bad messages first (so they are parked while real traffic flows), then
 * each service killed once, with the partner outages and the broker restart between the kills,
 * so that the services of each partner die while their partner is down (their breakers and held
 * messages are tested together with a crash).
 */
export function planFaults(services: readonly string[], outageMs: number): Fault[] {
  const kill = (service: string): Fault => ({ kind: 'kill-service', service });
  const outage = (simulator: SimulatorName): Fault => ({
    kind: 'partner-outage',
    simulator,
    durationMs: outageMs,
  });
  const plan: Fault[] = [{ kind: 'malformed-messages' }];
  const first = ['registration', 'rijksregister-adapter'];
  const partnered: Record<string, SimulatorName> = {
    'rijksregister-adapter': 'magda',
    'davinci-adapter': 'davinci',
    'orafin-adapter': 'orafin-sftp',
  };
  const ordered = [
    ...first.filter((service) => services.includes(service)),
    ...services.filter((service) => !first.includes(service)),
  ];
  ordered.forEach((service, index) => {
    const partner = partnered[service];
    if (partner !== undefined) plan.push(outage(partner));
    plan.push(kill(service));
    if (index === Math.floor(ordered.length / 2)) plan.push({ kind: 'broker-restart' });
  });
  return plan;
}

/**
 * Carries out a plan: one fault every `gapMs` (a kill waits for the restarted service to be ready,
 * an outage runs on in the background), and resolves when every fault has ended.
 */
export async function runFaults(
  plan: readonly Fault[],
  injector: FaultInjector,
  ledger: Ledger,
  gapMs: number,
  injectMalformed: () => Promise<void>,
): Promise<void> {
  const background: Promise<void>[] = [];
  for (const fault of plan) {
    switch (fault.kind) {
      case 'malformed-messages':
        await injectMalformed();
        break;
      case 'kill-service':
        await injector.killAndRestart(fault.service);
        break;
      case 'broker-restart':
        await injector.restartBroker();
        break;
      case 'partner-outage':
        background.push(injector.partnerOutage(fault.simulator, fault.durationMs));
        break;
    }
    await sleep(gapMs);
  }
  await Promise.all(background);
  ledger.action('all faults injected and ended');
}
