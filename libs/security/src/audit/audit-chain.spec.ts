import {
  type AuditRecord,
  canonicalForm,
  type ChainBreak,
  chainRecords,
  ChainVerifier,
  GENESIS_HASH,
  hashOf,
} from './audit-chain';

const at = new Date('2026-11-29T10:00:00.123Z');
const entry = (n: number) => ({
  occurredAt: at,
  actor: `subject-${n}`,
  role: 'agii-medewerker',
  action: 'read',
  subjectIds: [`dossier-${n}`],
  route: 'GET /dossiers/:id',
  purpose: 'dossier-management',
  requestId: n % 2 === 0 ? `req-${n}` : null,
});

const chain = (count: number) =>
  chainRecords(
    undefined,
    Array.from({ length: count }, (_, i) => entry(i + 1)),
  );

function verify(records: readonly AuditRecord[]) {
  const verifier = new ChainVerifier();
  for (const record of records) verifier.push(record);
  return verifier.result;
}

describe('the audit hash chain', () => {
  it('serialises as the prefix and one JSON array of every field, also with awkward text', () => {
    const record = {
      ...entry(1),
      seq: 12,
      actor: 'quote " backslash \\ newline \n tab \t nul-free \u0001 é 😀 \u2028',
      subjectIds: ['a', 'b,"c"'],
      prevHash: GENESIS_HASH,
    };
    expect(canonicalForm(record)).toBe(
      `toevlucht-audit:v1:${JSON.stringify([
        '12',
        record.occurredAt.toISOString(),
        record.actor,
        record.role,
        record.action,
        record.subjectIds,
        record.route,
        record.purpose,
        record.requestId,
        record.prevHash,
      ])}`,
    );
  });

  it('numbers rows from 1 and links each to the previous hash, the first to the genesis', () => {
    const records = chain(3);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(records[0]!.prevHash).toBe(GENESIS_HASH);
    expect(records[1]!.prevHash).toBe(records[0]!.hash);
    expect(records[2]!.prevHash).toBe(records[1]!.hash);
    expect(records[2]!.hash).toBe(hashOf(records[2]!));
  });

  it('continues an existing chain from its head', () => {
    const first = chain(2);
    const more = chainRecords(first[1], [entry(3)]);
    expect(more[0]).toMatchObject({ seq: 3, prevHash: first[1]!.hash });
    expect(verify([...first, ...more])).toMatchObject({ intact: true, checked: 3 });
  });

  it('covers every field: changing any one changes the hash', () => {
    const [record] = chain(1);
    const base = hashOf(record!);
    const variants: Partial<AuditRecord>[] = [
      { seq: 2 },
      { occurredAt: new Date(at.getTime() + 1) },
      { actor: 'someone-else' },
      { role: 'beheerder' },
      { action: 'update' },
      { subjectIds: ['dossier-2'] },
      { subjectIds: ['dossier-1', 'x'] },
      { route: 'GET /dossiers' },
      { purpose: 'export' },
      { requestId: 'req-x' },
      { prevHash: 'f'.repeat(64) },
    ];
    for (const variant of variants) expect(hashOf({ ...record!, ...variant })).not.toBe(base);
  });

  it('serialises unambiguously: a field cannot be shifted into its neighbour', () => {
    const [record] = chain(1);
    expect(canonicalForm({ ...record!, actor: 'a', role: 'bc' })).not.toBe(
      canonicalForm({ ...record!, actor: 'ab', role: 'c' }),
    );
  });

  it('verifies an intact chain and reports its head', () => {
    const records = chain(5);
    expect(verify(records)).toEqual({
      intact: true,
      checked: 5,
      head: { seq: 5, hash: records[4]!.hash },
    });
  });

  it('verifies an empty log as intact', () => {
    expect(verify([])).toEqual({ intact: true, checked: 0 });
  });

  const broken = (records: AuditRecord[]): ChainBreak | undefined => verify(records).break;

  it('finds a changed row', () => {
    const records = chain(5);
    records[2] = { ...records[2]!, actor: 'someone-else' };
    expect(broken(records)).toEqual({ kind: 'changed', seq: 3 });
  });

  it('finds a changed row whose hash was recomputed, at the next link', () => {
    const records = chain(5);
    const forged = { ...records[2]!, actor: 'someone-else' };
    records[2] = { ...forged, hash: hashOf(forged) };
    expect(broken(records)).toEqual({ kind: 'changed', seq: 4 });
  });

  it('finds a deleted row in the middle', () => {
    const records = chain(5);
    records.splice(2, 1);
    expect(broken(records)).toEqual({ kind: 'deleted', seq: 3 });
  });

  it('finds deleted first rows', () => {
    expect(broken(chain(5).slice(2))).toEqual({ kind: 'deleted', seq: 1 });
  });

  it('finds a well-forged row inserted in the middle with the rows after it renumbered', () => {
    const records = chain(5);
    const forgedUnhashed = { ...entry(99), seq: 3, prevHash: records[1]!.hash };
    const forged = { ...forgedUnhashed, hash: hashOf(forgedUnhashed) };
    const renumbered = records.slice(2).map((record) => ({ ...record, seq: record.seq + 1 }));
    expect(broken([...records.slice(0, 2), forged, ...renumbered])).toEqual({
      kind: 'inserted',
      seq: 3,
    });
  });

  it('finds a row inserted as the new first row', () => {
    const records = chain(3);
    const forgedUnhashed = { ...entry(99), seq: 1, prevHash: GENESIS_HASH };
    const forged = { ...forgedUnhashed, hash: hashOf(forgedUnhashed) };
    const renumbered = records.map((record) => ({ ...record, seq: record.seq + 1 }));
    expect(broken([forged, ...renumbered])).toEqual({ kind: 'inserted', seq: 1 });
  });

  it('finds a row appended with a made-up hash', () => {
    const records = chain(3);
    const appended = { ...entry(4), seq: 4, prevHash: records[2]!.hash, hash: 'a'.repeat(64) };
    expect(broken([...records, appended])).toEqual({ kind: 'changed', seq: 4 });
  });

  it('reports only the first break', () => {
    const records = chain(5);
    records[1] = { ...records[1]!, action: 'delete' };
    records[3] = { ...records[3]!, action: 'delete' };
    const result = verify(records);
    expect(result).toMatchObject({ intact: false, checked: 1, break: { kind: 'changed', seq: 2 } });
  });
});
