import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation, TransactionRunner } from '@toevlucht/persistence';
import { problems } from '@toevlucht/runtime';
import { AuditTrail, type Actor, type Principal } from '@toevlucht/security';
import { freeSeat, SEATS_PER_MUNICIPALITY } from '../domain/coordinator-seats';
import { offerAudit } from '../offers/audit-entries';
import { CoordinatorRepository, type CoordinatorRow } from '../persistence/coordinator.repository';

export interface Coordinator {
  readonly id: string;
  readonly subject: string;
  readonly nisCode: string;
  readonly seat?: number;
  readonly active: boolean;
  readonly createdAt: string;
  readonly deactivatedAt?: string;
}

/**
 * The municipal coordinators a beheerder registers, by the identity provider's subject. At most
 * two are active per municipality: a third is refused until one is deactivated. A coordinator
 * token is honoured only while its subject is an active coordinator of the token's municipality.
 */
@Injectable()
export class CoordinatorRegistry {
  constructor(
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(CoordinatorRepository) private readonly coordinators: CoordinatorRepository,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
  ) {}

  async register(actor: Actor, subject: string, nisCode: string): Promise<Coordinator> {
    try {
      return await this.transactions.run(async (tx) => {
        if ((await this.coordinators.activeBySubject(tx, subject)) !== undefined) {
          throw problems.conflict(
            'coordinator-exists',
            'this subject is already an active coordinator',
          );
        }
        const active = await this.coordinators.active(tx, nisCode);
        const seat = freeSeat(active.map((c) => c.seat ?? 0));
        if (seat === undefined) throw this.seatsTaken(nisCode);
        const row = await this.coordinators.insert(tx, {
          subject,
          nisCode,
          seat,
          createdBy: actor.subject,
        });
        await this.audit.record(
          tx,
          offerAudit(actor, 'create', [row.id], 'management of municipal coordinators'),
        );
        return toCoordinator(row);
      });
    } catch (error) {
      // Another registration took the seat between our read and our insert.
      if (isUniqueViolation(error, 'coordinators_active_seat')) throw this.seatsTaken(nisCode);
      if (isUniqueViolation(error, 'coordinators_active_subject')) {
        throw problems.conflict(
          'coordinator-exists',
          'this subject is already an active coordinator',
        );
      }
      throw error;
    }
  }

  deactivate(actor: Actor, id: string): Promise<Coordinator> {
    return this.transactions.run(async (tx) => {
      const row = await this.coordinators.deactivate(tx, id);
      if (row === undefined) {
        if ((await this.coordinators.find(tx, id)) === undefined)
          throw problems.notFound(`coordinator ${id}`);
        throw problems.conflict('coordinator-inactive', 'this coordinator is already deactivated');
      }
      await this.audit.record(
        tx,
        offerAudit(actor, 'update', [row.id], 'management of municipal coordinators'),
      );
      return toCoordinator(row);
    });
  }

  list(nisCode: string): Promise<Coordinator[]> {
    return this.transactions.run(async (tx) =>
      (await this.coordinators.active(tx, nisCode)).map(toCoordinator),
    );
  }

  /** Refuses a coordinator token whose subject is not (or no longer) a registered coordinator. */
  async assertActive(principal: Principal): Promise<void> {
    if (!principal.roles.includes('gemeentelijk-coordinator')) return;
    if (
      principal.roles.includes('centrale-validator') ||
      principal.roles.includes('agii-medewerker')
    )
      return;
    const row = await this.transactions.run((tx) =>
      this.coordinators.activeBySubject(tx, principal.subject),
    );
    if (row === undefined || row.nisCode !== principal.nisCode) {
      throw problems.forbidden(
        'this account is not an active coordinator of the municipality in its token',
      );
    }
  }

  private seatsTaken(nisCode: string) {
    return problems.conflict(
      'coordinator-seats-taken',
      `municipality ${nisCode} already has ${SEATS_PER_MUNICIPALITY} active coordinators: deactivate one first`,
    );
  }
}

function toCoordinator(row: CoordinatorRow): Coordinator {
  return {
    id: row.id,
    subject: row.subject,
    nisCode: row.nisCode,
    ...(row.seat === null ? {} : { seat: row.seat }),
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    ...(row.deactivatedAt === null ? {} : { deactivatedAt: row.deactivatedAt.toISOString() }),
  };
}
