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

/** Services killed while the claim is being paid rather than while households are handled. */
const PAYMENT_SERVICES = ['orafin-adapter', 'subsidy'];
/** Each adapter is killed while its partner is down, so its breaker, held messages and a crash meet. */
const PARTNERS: Readonly<Record<string, SimulatorName>> = {
  'rijksregister-adapter': 'magda',
  'davinci-adapter': 'davinci',
  'orafin-adapter': 'orafin-sftp',
};

/**
 * The faults in two acts. While households are registered, checked and placed: bad messages
 * first (parked while real traffic flows), then every service but subsidy and the Orafin adapter
 * killed once, MAGDA and DAVINCI down, and the broker restarted halfway. Once the claim is
 * approved and its payment under way: Orafin down, and while it is down the Orafin adapter and
 * subsidy killed two seconds apart.
 */
export function planFaults(
  services: readonly string[],
  outageMs: number,
): { beforePayment: Fault[]; duringPayment: Fault[] } {
  const act = (names: readonly string[]): Fault[] =>
    names.flatMap((service): Fault[] => {
      const partner = PARTNERS[service];
      const kill: Fault = { kind: 'kill-service', service };
      return partner === undefined
        ? [kill]
        : [{ kind: 'partner-outage', simulator: partner, durationMs: outageMs }, kill];
    });
  const first = services.filter((service) => !PAYMENT_SERVICES.includes(service));
  const beforePayment: Fault[] = [{ kind: 'malformed-messages' }, ...act(first)];
  const middle = beforePayment.findIndex(
    (fault, index) => index >= beforePayment.length / 2 && fault.kind === 'kill-service',
  );
  beforePayment.splice(middle + 1, 0, { kind: 'broker-restart' });
  const duringPayment = act(PAYMENT_SERVICES.filter((service) => services.includes(service)));
  return { beforePayment, duringPayment };
}

/**
 * Carries out a plan: one fault every `gapMs`, and resolves when every fault has ended. An outage
 * runs on in the background; a kill waits for the restarted service to be ready, unless
 * `overlapKills` (the payment act: its kills must fall inside Orafin's outage, which a kill and
 * restart after another would outlast on a slow machine). Returns how many faults began while
 * `underLoad` said work was in flight.
 */
export async function runFaults(
  plan: readonly Fault[],
  injector: FaultInjector,
  ledger: Ledger,
  gapMs: number,
  injectMalformed: () => Promise<void>,
  overlapKills = false,
  underLoad: () => boolean = () => true,
): Promise<number> {
  const background: Promise<void>[] = [];
  let hitLoad = 0;
  for (const fault of plan) {
    if (underLoad()) hitLoad += 1;
    switch (fault.kind) {
      case 'malformed-messages':
        await injectMalformed();
        break;
      case 'kill-service':
        if (overlapKills) background.push(injector.killAndRestart(fault.service));
        else await injector.killAndRestart(fault.service);
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
  ledger.action(`${plan.length} faults injected and ended`);
  return hitLoad;
}

/**
 * Roughly how long the first act takes: a gap after each fault, a second or two for each kill
 * and restart, and the last outage running on. The mission's households are spread over it,
 * so every fault meets work in flight however fast the machine is.
 */
export function firstActMs(plan: readonly Fault[], gapMs: number, outageMs: number): number {
  const kills = plan.filter((fault) => fault.kind === 'kill-service').length;
  return plan.length * gapMs + kills * 1_500 + outageMs;
}
