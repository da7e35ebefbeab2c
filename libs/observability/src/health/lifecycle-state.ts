/**
 * Whether the process still takes work. Set to draining when shutdown starts, so readiness
 * turns 503 and a load balancer stops sending requests while in-flight ones finish.
 */
export class LifecycleState {
  private draining = false;

  startDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }
}
