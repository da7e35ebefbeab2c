import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Transaction } from '@toevlucht/persistence';
import type {
  Consent,
  CourseEnrolment,
  CourseOffer,
  Dossier,
  DossierStatus,
  EducationResult,
  Needs,
  Person,
  PersonData,
  Placement,
  ReceptionAddress,
  Verification,
} from '../dossier/dossier.model';
import { PersonalDataCodec, PURPOSES } from './personal-data-codec';
import { FIND_ACTIVE_MATCHES, INSERT_REGISTERED_DOSSIER } from './registration-statements';
import { dossierHistory, dossiers, personInszHistory, persons, workItems } from './tables';

export interface NewPerson {
  readonly id: string;
  readonly isReference: boolean;
  readonly data: PersonData;
  readonly verification: Verification;
  readonly flags: readonly string[];
}

export interface NewDossier {
  readonly id: string;
  readonly consent: Consent;
  readonly receptionAddress?: ReceptionAddress;
  readonly nisCode?: string;
  readonly createdBy: string;
  readonly idempotencyKey?: string;
  readonly requestHash?: string;
  readonly members: readonly NewPerson[];
}

export interface NewWorkItem {
  readonly dossierId: string;
  readonly personId?: string | undefined;
  readonly kind: string;
  readonly detail?: Record<string, unknown> | undefined;
}

type PersonRow = typeof persons.$inferSelect;
/** The columns `lockForAnswer` reads, as PostgreSQL names them. */
interface AnsweredRow extends Record<string, unknown> {
  readonly id: string;
  readonly dossier_id: string;
  readonly active: boolean;
  readonly family_names_enc: string | null;
  readonly given_names_enc: string | null;
  readonly birth_date: string | null;
  readonly gender: string;
  readonly insz_enc: string | null;
  readonly course_enrolment: unknown;
}
type DossierRow = typeof dossiers.$inferSelect;

/**
 * What a handler of an adapter's answer may use of the person it is about: no contact details,
 * and the names decrypted only when read (only the register's identity check compares them).
 */
export type AnsweredPerson = Pick<
  Person,
  'id' | 'familyNames' | 'givenNames' | 'birthDate' | 'gender' | 'insz' | 'courseEnrolment'
> & { readonly dossierId: string };

/** An answered person as read, and whether the person is still active. */
export interface AnswerTarget {
  readonly person: AnsweredPerson;
  readonly active: boolean;
}

/** Reads and writes dossiers, encrypting personal fields on the way in, decrypting on the way out. */
@Injectable()
export class DossierRepository {
  constructor(@Inject(PersonalDataCodec) private readonly codec: PersonalDataCodec) {}

  /**
   * Writes a newly registered dossier in one statement: the dossier, its members, its
   * "registered" history entry and its work items. Returns the dossier as `find` would read it,
   * made from what was written: no second round trip, and no decrypting what was just encrypted.
   */
  async insertRegistered(
    tx: Transaction,
    dossier: NewDossier,
    workItems: readonly NewWorkItem[],
  ): Promise<Dossier> {
    const [row] = await INSERT_REGISTERED_DOSSIER.run(tx, {
      id: dossier.id,
      ...this.addressColumns(dossier.receptionAddress, dossier.nisCode),
      consent: JSON.stringify(dossier.consent),
      createdBy: dossier.createdBy,
      idempotencyKey: dossier.idempotencyKey ?? null,
      requestHash: dossier.requestHash ?? null,
      members: JSON.stringify(
        dossier.members.map((member, position) => {
          const columns = this.personColumns(member.data);
          return {
            id: member.id,
            position,
            is_reference: member.isReference,
            family_names_enc: columns.familyNamesEnc,
            given_names_enc: columns.givenNamesEnc,
            name_birth_index: columns.nameBirthIndex,
            birth_date: columns.birthDate,
            gender: columns.gender,
            nationality: columns.nationality,
            insz_enc: columns.inszEnc,
            insz_index: columns.inszIndex,
            phones_enc: columns.phonesEnc,
            emails_enc: columns.emailsEnc,
            languages: columns.languages,
            needs: columns.needs,
            verification: member.verification,
            flags: member.flags,
          };
        }),
      ),
      historyId: randomUUID(),
      workItems: JSON.stringify(
        workItems.map((item) => ({
          id: randomUUID(),
          person_id: item.personId ?? null,
          kind: item.kind,
          detail: item.detail ?? null,
        })),
      ),
    });
    if (row === undefined) throw new Error(`dossier ${dossier.id} was not inserted`);
    const address = dossier.receptionAddress;
    return {
      id: dossier.id,
      status: 'open',
      version: row.version,
      ...(address === undefined
        ? {}
        : {
            receptionAddress: {
              street: address.street,
              houseNumber: address.houseNumber,
              ...(address.box === undefined ? {} : { box: address.box }),
              postcode: address.postcode,
            },
          }),
      ...(dossier.nisCode === undefined ? {} : { nisCode: dossier.nisCode }),
      consent: dossier.consent,
      members: dossier.members.map((member) => ({
        id: member.id,
        isReference: member.isReference,
        familyNames: [...member.data.familyNames],
        givenNames: [...member.data.givenNames],
        birthDate: member.data.birthDate,
        gender: member.data.gender,
        ...(member.data.nationality === undefined ? {} : { nationality: member.data.nationality }),
        ...(member.data.insz === undefined ? {} : { insz: member.data.insz }),
        phones: [...member.data.phones],
        emails: [...member.data.emails],
        languages: [...member.data.languages],
        needs: member.data.needs,
        verification: member.verification,
        flags: [...member.flags],
      })),
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }

  async insertPerson(
    tx: Transaction,
    dossierId: string,
    person: NewPerson,
    position?: number,
  ): Promise<void> {
    const next =
      position ??
      (
        await tx
          .select({ next: sql<number>`coalesce(max(${persons.position}) + 1, 0)::int` })
          .from(persons)
          .where(eq(persons.dossierId, dossierId))
      )[0]?.next ??
      0;
    await tx.insert(persons).values(this.personRow(dossierId, person, next));
  }

  private personRow(dossierId: string, person: NewPerson, position: number) {
    return {
      id: person.id,
      dossierId,
      position,
      isReference: person.isReference,
      ...this.personColumns(person.data),
      verification: person.verification,
      flags: [...person.flags],
    };
  }

  async updatePerson(
    tx: Transaction,
    personId: string,
    data: PersonData,
    flags: readonly string[],
  ): Promise<void> {
    await tx
      .update(persons)
      .set({ ...this.personColumns(data), flags: [...flags], updatedAt: new Date() })
      .where(eq(persons.id, personId));
  }

  /** Keeps a number the person no longer has (staff corrected it, or the register replaced it). */
  async keepFormerInsz(
    tx: Transaction,
    personId: string,
    insz: string,
    reason: string,
  ): Promise<void> {
    await tx.insert(personInszHistory).values({
      id: randomUUID(),
      personId,
      inszEnc: this.codec.seal(insz, PURPOSES.historyInsz),
      inszIndex: this.codec.inszIndex(insz),
      reason,
    });
  }

  async updateAddress(
    tx: Transaction,
    dossierId: string,
    address: ReceptionAddress | undefined,
    nisCode: string | undefined,
  ): Promise<void> {
    await tx
      .update(dossiers)
      .set(this.addressColumns(address, nisCode))
      .where(eq(dossiers.id, dossierId));
  }

  async updateConsent(tx: Transaction, dossierId: string, consent: Consent): Promise<void> {
    await tx.update(dossiers).set({ consent }).where(eq(dossiers.id, dossierId));
  }

  /**
   * Optimistic concurrency: bumps the version only when it is still `expected`. Returns the new
   * version, or undefined when the dossier changed meanwhile (or does not exist).
   */
  async bumpVersion(
    tx: Transaction,
    dossierId: string,
    expected: number | undefined,
  ): Promise<number | undefined> {
    const rows = await tx
      .update(dossiers)
      .set({ version: sql`${dossiers.version} + 1`, updatedAt: new Date() })
      .where(
        expected === undefined
          ? eq(dossiers.id, dossierId)
          : and(eq(dossiers.id, dossierId), eq(dossiers.version, expected)),
      )
      .returning({ version: dossiers.version });
    return rows[0]?.version;
  }

  async close(tx: Transaction, dossierId: string, reason: string): Promise<void> {
    await tx
      .update(dossiers)
      .set({ status: 'closed', closedAt: new Date(), closeReason: reason })
      .where(eq(dossiers.id, dossierId));
    await tx.update(persons).set({ active: false }).where(eq(persons.dossierId, dossierId));
  }

  async deactivatePerson(tx: Transaction, personId: string): Promise<void> {
    await tx
      .update(persons)
      .set({ active: false, removedAt: new Date(), updatedAt: new Date() })
      .where(eq(persons.id, personId));
  }

  /**
   * For housing's answer about a dossier: takes the dossier's lock (as `lock`) and reads, from
   * the locked row, just what the answer is checked against. Undefined when there is no such
   * dossier.
   */
  async lockPlacement(
    tx: Transaction,
    dossierId: string,
  ): Promise<{ status: DossierStatus; placement?: Placement } | undefined> {
    const rows = await tx
      .select({ status: dossiers.status, placement: dossiers.placement })
      .from(dossiers)
      .where(eq(dossiers.id, dossierId))
      .for('update');
    const row = rows[0];
    if (row === undefined) return undefined;
    return {
      status: row.status as DossierStatus,
      ...(row.placement === null ? {} : { placement: row.placement as Placement }),
    };
  }

  /** Shows housing's answer on the dossier and moves its version, in one statement. */
  async answerPlacement(tx: Transaction, dossierId: string, placement: Placement): Promise<void> {
    await tx
      .update(dossiers)
      .set({ placement, version: sql`${dossiers.version} + 1`, updatedAt: new Date() })
      .where(eq(dossiers.id, dossierId));
  }

  async setPlacement(tx: Transaction, dossierId: string, placement: Placement): Promise<void> {
    await tx.update(dossiers).set({ placement }).where(eq(dossiers.id, dossierId));
  }

  async setVerification(
    tx: Transaction,
    personId: string,
    verification: Verification,
  ): Promise<void> {
    await tx
      .update(persons)
      .set({ verification, updatedAt: new Date() })
      .where(eq(persons.id, personId));
  }

  async setEducation(tx: Transaction, personId: string, education: EducationResult): Promise<void> {
    await tx
      .update(persons)
      .set({ education, updatedAt: new Date() })
      .where(eq(persons.id, personId));
  }

  async setCourseOffers(
    tx: Transaction,
    personId: string,
    offers: readonly CourseOffer[],
  ): Promise<void> {
    await tx
      .update(persons)
      .set({ courseOffers: offers, updatedAt: new Date() })
      .where(eq(persons.id, personId));
  }

  async setCourseEnrolment(
    tx: Transaction,
    personId: string,
    enrolment: CourseEnrolment,
  ): Promise<void> {
    await tx
      .update(persons)
      .set({ courseEnrolment: enrolment, updatedAt: new Date() })
      .where(eq(persons.id, personId));
  }

  /** Replaces a person's INSZ (e.g. a BIS number by a national number), keeping the old one. */
  async rekeyInsz(
    tx: Transaction,
    personId: string,
    previousInsz: string,
    currentInsz: string,
  ): Promise<void> {
    await this.keepFormerInsz(tx, personId, previousInsz, 'insz-changed');
    await tx
      .update(persons)
      .set({
        inszEnc: this.codec.seal(currentInsz, PURPOSES.insz),
        inszIndex: this.codec.inszIndex(currentInsz),
        updatedAt: new Date(),
      })
      .where(eq(persons.id, personId));
  }

  async addHistory(
    tx: Transaction,
    dossierId: string,
    actor: string,
    event: string,
    status: DossierStatus,
    detail?: Record<string, unknown>,
  ): Promise<void> {
    await tx.insert(dossierHistory).values({
      id: randomUUID(),
      dossierId,
      actor,
      event,
      status,
      detail: detail ?? null,
    });
  }

  async addWorkItem(
    tx: Transaction,
    dossierId: string,
    personId: string | undefined,
    kind: string,
    detail?: Record<string, unknown>,
  ): Promise<void> {
    await this.addWorkItems(tx, [{ dossierId, personId, kind, detail }]);
  }

  /** Several work items in one insert. */
  async addWorkItems(tx: Transaction, items: readonly NewWorkItem[]): Promise<void> {
    if (items.length === 0) return;
    // One open item per dossier, person and kind: asking the same question twice helps nobody.
    await tx
      .insert(workItems)
      .values(
        items.map((item) => ({
          id: randomUUID(),
          dossierId: item.dossierId,
          personId: item.personId ?? null,
          kind: item.kind,
          detail: item.detail ?? null,
        })),
      )
      .onConflictDoNothing();
  }

  async findByIdempotencyKey(
    tx: Transaction,
    createdBy: string,
    key: string,
  ): Promise<{ id: string; requestHash: string | null } | undefined> {
    const rows = await tx
      .select({ id: dossiers.id, requestHash: dossiers.requestHash })
      .from(dossiers)
      .where(and(eq(dossiers.createdBy, createdBy), eq(dossiers.idempotencyKey, key)));
    return rows[0];
  }

  /** Active persons with this INSZ (through the blind index): at most one by construction. */
  async findActiveByInsz(
    tx: Transaction,
    insz: string,
  ): Promise<{ dossierId: string; personId: string }[]> {
    return tx
      .select({ dossierId: persons.dossierId, personId: persons.id })
      .from(persons)
      .where(and(eq(persons.inszIndex, this.codec.inszIndex(insz)), eq(persons.active, true)));
  }

  /** Active persons holding any of these INSZ, each with the INSZ it holds. */
  async findActiveByAnyInsz(
    tx: Transaction,
    inszs: readonly string[],
  ): Promise<{ insz: string; dossierId: string; personId: string }[]> {
    if (inszs.length === 0) return [];
    const byIndex = new Map(inszs.map((insz) => [this.codec.inszIndex(insz), insz]));
    const rows = await tx
      .select({ index: persons.inszIndex, dossierId: persons.dossierId, personId: persons.id })
      .from(persons)
      .where(and(inArray(persons.inszIndex, [...byIndex.keys()]), eq(persons.active, true)));
    return rows.map((row) => ({
      insz: byIndex.get(row.index ?? '') ?? '',
      dossierId: row.dossierId,
      personId: row.personId,
    }));
  }

  /**
   * In one query: the active persons holding any of the people's INSZ (each with the INSZ it
   * holds), and those sharing name and birth date with any of them (`of`: position in `people`).
   */
  async findActiveMatches(
    tx: Transaction,
    people: readonly PersonData[],
  ): Promise<{
    inszHolders: { insz: string; dossierId: string; personId: string }[];
    twins: { of: number; dossierId: string; personId: string }[];
  }> {
    const byInszIndex = new Map<string, string>();
    for (const person of people) {
      if (person.insz !== undefined)
        byInszIndex.set(this.codec.inszIndex(person.insz), person.insz);
    }
    const nameBirthIndexes = people.map((person) =>
      this.codec.nameBirthIndex(person.familyNames, person.givenNames, person.birthDate),
    );
    const rows = await FIND_ACTIVE_MATCHES.run(tx, {
      inszIndexes: [...byInszIndex.keys()],
      nameBirthIndexes: [...new Set(nameBirthIndexes)],
    });
    const inszHolders = rows
      .filter((row) => row.by === 'insz')
      .map((row) => ({
        insz: byInszIndex.get(row.index) ?? '',
        dossierId: row.dossier_id,
        personId: row.person_id,
      }));
    const twins = nameBirthIndexes.flatMap((index, of) =>
      rows
        .filter((row) => row.by === 'name-birth' && row.index === index)
        .map((row) => ({ of, dossierId: row.dossier_id, personId: row.person_id })),
    );
    return { inszHolders, twins };
  }

  async findActiveByNameBirth(
    tx: Transaction,
    familyNames: readonly string[],
    givenNames: readonly string[],
    birthDate: string,
  ): Promise<{ dossierId: string; personId: string }[]> {
    return tx
      .select({ dossierId: persons.dossierId, personId: persons.id })
      .from(persons)
      .where(
        and(
          eq(persons.nameBirthIndex, this.codec.nameBirthIndex(familyNames, givenNames, birthDate)),
          eq(persons.active, true),
        ),
      );
  }

  /**
   * For an answer from the mesh about a person: takes the lock of the person's dossier (as
   * `lock`), then, in one statement issued after the lock is granted (so it sees what a change
   * it waited for committed), bumps the dossier's version if the person is still active and
   * reads the person. Two round trips where finding the dossier, locking it, reading the person
   * and bumping the version took four; the version moves before the handler's own writes, in
   * the same transaction. Undefined when there is no such person.
   */
  async lockForAnswer(tx: Transaction, personId: string): Promise<AnswerTarget | undefined> {
    const locked = await tx.execute<{ id: string }>(
      sql`SELECT d.id FROM ${dossiers} d JOIN ${persons} p ON p.dossier_id = d.id WHERE p.id = ${personId} FOR UPDATE OF d`,
    );
    const dossierId = locked.rows[0]?.id;
    if (dossierId === undefined) return undefined;
    const read = await tx.execute<AnsweredRow>(
      sql`WITH bumped AS (
            UPDATE ${dossiers} SET version = version + 1, updated_at = ${new Date().toISOString()}
            WHERE id = ${dossierId}
              AND EXISTS (SELECT 1 FROM ${persons} WHERE id = ${personId} AND active)
            RETURNING id)
          SELECT p.id, p.dossier_id, p.active, p.family_names_enc, p.given_names_enc,
                 p.birth_date, p.gender, p.insz_enc, p.course_enrolment
          FROM ${persons} p WHERE p.id = ${personId}`,
    );
    const row = read.rows[0];
    return row === undefined
      ? undefined
      : { person: this.toAnsweredPerson(row), active: row.active };
  }

  /**
   * Takes the dossier's row lock for the rest of the transaction: every change to a dossier or
   * its members, from HTTP or from the mesh, goes through it, so none works on a stale read.
   * Returns false when there is no such dossier.
   */
  async lock(tx: Transaction, dossierId: string): Promise<boolean> {
    const rows = await tx.execute(sql`SELECT 1 FROM dossiers WHERE id = ${dossierId} FOR UPDATE`);
    return rows.rows.length > 0;
  }

  async find(tx: Transaction, dossierId: string): Promise<Dossier | undefined> {
    const rows = await tx.select().from(dossiers).where(eq(dossiers.id, dossierId));
    const row = rows[0];
    if (row === undefined) return undefined;
    const members = await tx
      .select()
      .from(persons)
      .where(and(eq(persons.dossierId, dossierId), isNull(persons.removedAt)))
      .orderBy(asc(persons.position));
    return this.toDossier(row, members);
  }

  /** A page of dossier ids, newest first, for listing. */
  async list(
    tx: Transaction,
    options: { limit: number; offset: number; status?: DossierStatus },
  ): Promise<{ ids: string[]; total: number }> {
    const where = options.status === undefined ? undefined : eq(dossiers.status, options.status);
    const rows = await tx
      .select({ id: dossiers.id })
      .from(dossiers)
      .where(where)
      .orderBy(sql`${dossiers.createdAt} DESC, ${dossiers.id}`)
      .limit(options.limit)
      .offset(options.offset);
    const [count] = await tx
      .select({ total: sql<number>`count(*)::int` })
      .from(dossiers)
      .where(where);
    return { ids: rows.map((r) => r.id), total: count?.total ?? 0 };
  }

  async findMany(tx: Transaction, ids: readonly string[]): Promise<Dossier[]> {
    if (ids.length === 0) return [];
    const found: Dossier[] = [];
    for (const id of ids) {
      const dossier = await this.find(tx, id);
      if (dossier !== undefined) found.push(dossier);
    }
    return found;
  }

  private addressColumns(address: ReceptionAddress | undefined, nisCode: string | undefined) {
    return {
      streetEnc: this.codec.seal(address?.street, PURPOSES.street),
      houseNumberEnc: this.codec.seal(address?.houseNumber, PURPOSES.houseNumber),
      boxEnc: this.codec.seal(address?.box, PURPOSES.box),
      postcode: address?.postcode ?? null,
      nisCode: nisCode ?? null,
    };
  }

  private personColumns(data: PersonData) {
    return {
      familyNamesEnc: this.codec.sealList(data.familyNames, PURPOSES.familyNames),
      givenNamesEnc: this.codec.sealList(data.givenNames, PURPOSES.givenNames),
      nameBirthIndex: this.codec.nameBirthIndex(data.familyNames, data.givenNames, data.birthDate),
      birthDate: data.birthDate,
      gender: data.gender,
      nationality: data.nationality ?? null,
      inszEnc: this.codec.seal(data.insz, PURPOSES.insz),
      inszIndex: data.insz === undefined ? null : this.codec.inszIndex(data.insz),
      phonesEnc: this.codec.sealList(data.phones, PURPOSES.phones),
      emailsEnc: this.codec.sealList(data.emails, PURPOSES.emails),
      languages: [...data.languages],
      needs: data.needs,
    };
  }

  private toDossier(row: DossierRow, members: PersonRow[]): Dossier {
    const street = this.codec.open(row.streetEnc, PURPOSES.street);
    const houseNumber = this.codec.open(row.houseNumberEnc, PURPOSES.houseNumber);
    const box = this.codec.open(row.boxEnc, PURPOSES.box);
    return {
      id: row.id,
      status: row.status as DossierStatus,
      version: row.version,
      ...(street !== undefined && houseNumber !== undefined && row.postcode !== null
        ? {
            receptionAddress: {
              street,
              houseNumber,
              ...(box === undefined ? {} : { box }),
              postcode: row.postcode,
            },
          }
        : {}),
      ...(row.nisCode === null ? {} : { nisCode: row.nisCode }),
      consent: row.consent as Consent,
      ...(row.placement === null ? {} : { placement: row.placement as Placement }),
      members: members.map((member) => this.toPerson(member)),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      ...(row.closedAt === null ? {} : { closedAt: row.closedAt.toISOString() }),
      ...(row.closeReason === null
        ? {}
        : { closeReason: row.closeReason as Dossier['closeReason'] & string }),
    };
  }

  private toAnsweredPerson(row: AnsweredRow): AnsweredPerson {
    const codec = this.codec;
    const insz = codec.open(row.insz_enc, PURPOSES.insz);
    return {
      id: row.id,
      dossierId: row.dossier_id,
      get familyNames() {
        return codec.openList(row.family_names_enc, PURPOSES.familyNames);
      },
      get givenNames() {
        return codec.openList(row.given_names_enc, PURPOSES.givenNames);
      },
      birthDate: row.birth_date ?? '',
      gender: row.gender as Person['gender'],
      ...(insz === undefined ? {} : { insz }),
      ...(row.course_enrolment === null
        ? {}
        : { courseEnrolment: row.course_enrolment as CourseEnrolment }),
    };
  }

  private toPerson(row: PersonRow): Person {
    const insz = this.codec.open(row.inszEnc, PURPOSES.insz);
    return {
      id: row.id,
      isReference: row.isReference,
      familyNames: this.codec.openList(row.familyNamesEnc, PURPOSES.familyNames),
      givenNames: this.codec.openList(row.givenNamesEnc, PURPOSES.givenNames),
      birthDate: row.birthDate ?? '',
      gender: row.gender as Person['gender'],
      ...(row.nationality === null ? {} : { nationality: row.nationality }),
      ...(insz === undefined ? {} : { insz }),
      phones: this.codec.openList(row.phonesEnc, PURPOSES.phones),
      emails: this.codec.openList(row.emailsEnc, PURPOSES.emails),
      languages: row.languages,
      needs: row.needs as Needs,
      verification: row.verification as Verification,
      ...(row.education === null ? {} : { education: row.education as EducationResult }),
      ...(row.courseOffers === null ? {} : { courseOffers: row.courseOffers as CourseOffer[] }),
      ...(row.courseEnrolment === null
        ? {}
        : { courseEnrolment: row.courseEnrolment as CourseEnrolment }),
      flags: row.flags,
    };
  }
}
