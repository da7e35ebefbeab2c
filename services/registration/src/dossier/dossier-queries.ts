import { Inject, Injectable } from '@nestjs/common';
import { TransactionRunner } from '@toevlucht/persistence';
import { problems } from '@toevlucht/runtime';
import { AuditTrail } from '@toevlucht/security';
import { normaliseInsz } from '../domain/insz';
import { DossierRepository } from '../persistence/dossier.repository';
import type { Actor } from '@toevlucht/security';
import type { Dossier, DossierStatus } from './dossier.model';
import type { SearchDossiersRequest } from './dossier-request.schema';

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/**
 * Reading dossiers. Every read of personal data writes its audit row in the same transaction
 * as the read, so there is no read without its trace.
 */
@Injectable()
export class DossierQueries {
  constructor(
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(DossierRepository) private readonly dossiers: DossierRepository,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
  ) {}

  get(actor: Actor, id: string): Promise<Dossier> {
    return this.transactions.run(async (tx) => {
      const dossier = await this.dossiers.find(tx, id);
      if (dossier === undefined || dossier.status === 'anonymised')
        throw problems.notFound(`dossier ${id}`);
      await this.audit.record(
        tx,
        this.entry(actor, [id, ...dossier.members.map((m) => m.id)], 'consultation of a dossier'),
      );
      return dossier;
    });
  }

  list(
    actor: Actor,
    options: { limit: number; offset: number; status?: DossierStatus },
  ): Promise<Page<Dossier>> {
    return this.transactions.run(async (tx) => {
      const { ids, total } = await this.dossiers.list(tx, options);
      const items = await this.dossiers.findMany(tx, ids);
      if (items.length > 0) {
        await this.audit.record(tx, this.entry(actor, ids, 'listing of dossiers'));
      }
      return { items, total, limit: options.limit, offset: options.offset };
    });
  }

  /**
   * By INSZ through its blind index (exact), or by family name, first given name and birth date
   * through theirs: the database never sees the values being searched for.
   */
  search(actor: Actor, criteria: SearchDossiersRequest): Promise<Dossier[]> {
    return this.transactions.run(async (tx) => {
      let hits: { dossierId: string }[];
      if ('insz' in criteria) {
        const insz = normaliseInsz(criteria.insz);
        if (insz === undefined) {
          throw problems.validation([
            { field: '/insz', code: 'insz-format', message: 'must be 11 digits' },
          ]);
        }
        hits = await this.dossiers.findActiveByInsz(tx, insz);
      } else {
        hits = await this.dossiers.findActiveByNameBirth(
          tx,
          [criteria.familyName],
          criteria.givenName === undefined ? [] : [criteria.givenName],
          criteria.birthDate,
        );
      }
      const ids = [...new Set(hits.map((hit) => hit.dossierId))];
      const found = await this.dossiers.findMany(tx, ids);
      await this.audit.record(tx, this.entry(actor, ids, 'search for a dossier'));
      return found;
    });
  }

  private entry(actor: Actor, subjectIds: string[], purpose: string) {
    return {
      actor: actor.subject,
      role: actor.role,
      action: 'read',
      subjectIds,
      route: actor.route,
      purpose,
      ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
    };
  }
}
