import type { MeshInstance } from '../../tools/mesh-instance/mesh-instance';
import type { Ledger } from './ledger';

export interface MissionLoadOptions {
  readonly households: number;
  readonly concurrency: number;
}

export interface DrivenMission {
  readonly households: number;
}

export function driveMission(
  _mesh: MeshInstance,
  _ledger: Ledger,
  options: MissionLoadOptions,
): Promise<DrivenMission> {
  if (options.households > 0) throw new Error('mission driver not merged yet');
  return Promise.resolve({ households: 0 });
}

export async function auditMission(
  _mesh: MeshInstance,
  _ledger: Ledger,
  _driven: DrivenMission,
): Promise<void> {}
