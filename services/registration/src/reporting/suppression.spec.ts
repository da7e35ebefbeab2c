import {
  type CountCell,
  type CountTable,
  type PublishedCell,
  type SuppressedTable,
  suppressSmallCounts,
} from './suppression';

const idOf = (key: readonly (string | null)[]): string => JSON.stringify(key);

function countOf(table: SuppressedTable, key: readonly (string | null)[]): number | null {
  const cell = table.cells.find((c) => idOf(c.key) === idOf(key));
  if (!cell) throw new Error(`no cell ${idOf(key)}`);
  return cell.count;
}

const suppressedKeys = (table: SuppressedTable): string[] =>
  table.cells.filter((c) => c.suppressed).map((c) => idOf(c.key));

/**
 * An attacker written apart from the code under test: it sees only the published cells, finds
 * the published tables by which dimensions are summed out (null), and every additive relation
 * between a coarser and a finer published table; then it solves any relation with exactly one
 * unknown, adds what it learnt, and repeats until nothing changes. Returns what it recovered.
 */
function attack(published: readonly PublishedCell[]): Map<string, number> {
  const patternOf = (key: readonly (string | null)[]): string =>
    key.map((v) => (v === null ? '*' : 'k')).join('');
  const byPattern = new Map<string, PublishedCell[]>();
  for (const cell of published) {
    const p = patternOf(cell.key);
    const list = byPattern.get(p) ?? [];
    list.push(cell);
    byPattern.set(p, list);
  }
  const patterns = [...byPattern.keys()];
  const coarserThan = (c: string, f: string): boolean =>
    c !== f && [...c].every((ch, i) => ch === '*' || f[i] === 'k');

  const relations: { total: string; parts: string[] }[] = [];
  for (const coarse of patterns) {
    for (const fine of patterns) {
      if (!coarserThan(coarse, fine)) continue;
      const parts = new Map<string, string[]>();
      for (const cell of byPattern.get(fine) ?? []) {
        const projected = cell.key.map((v, i) => (coarse[i] === 'k' ? v : null));
        const id = idOf(projected);
        const members = parts.get(id) ?? [];
        members.push(idOf(cell.key));
        parts.set(id, members);
      }
      for (const [total, members] of parts) relations.push({ total, parts: members });
    }
  }

  const known = new Map<string, number>();
  for (const cell of published) if (cell.count !== null) known.set(idOf(cell.key), cell.count);
  const recovered = new Map<string, number>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const { total, parts } of relations) {
      const unknown = [total, ...parts].filter((id) => !known.has(id));
      if (unknown.length !== 1) continue;
      const target = unknown[0] as string;
      const sumOfKnownParts = parts
        .filter((id) => id !== target)
        .reduce((sum, id) => sum + (known.get(id) ?? 0), 0);
      const value = target === total ? sumOfKnownParts : (known.get(total) ?? 0) - sumOfKnownParts;
      known.set(target, value);
      recovered.set(target, value);
      changed = true;
    }
  }
  return recovered;
}

/** Deterministic pseudo-random numbers (mulberry32), so every run tests the same tables. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomTable(random: () => number): CountTable {
  const dimensionCount = 1 + Math.floor(random() * 5);
  const maxValues = dimensionCount === 5 ? 3 : 5;
  const sizes = Array.from(
    { length: dimensionCount },
    () => 2 + Math.floor(random() * (maxValues - 1)),
  );
  const cells: CountCell[] = [];
  const walk = (prefix: string[]): void => {
    if (prefix.length === dimensionCount) {
      if (random() < 0.1) return; // a combination left out counts 0
      const r = random();
      const count =
        r < 0.3 ? 0 : r < 0.6 ? 1 + Math.floor(random() * 4) : 5 + Math.floor(random() * 40);
      cells.push({ key: prefix, count });
      return;
    }
    const size = sizes[prefix.length] ?? 2;
    for (let v = 0; v < size; v++) walk([...prefix, `v${v}`]);
  };
  walk([]);
  return { dimensions: sizes.map((_, i) => `d${i}`), cells };
}

/** The true count of every published key, summed from the interior cells. */
function trueCounts(table: CountTable, published: SuppressedTable): Map<string, number> {
  const patterns = new Map<string, boolean[]>();
  for (const cell of published.cells) {
    const kept = cell.key.map((v) => v !== null);
    patterns.set(kept.join(), kept);
  }
  const truth = new Map<string, number>();
  for (const cell of table.cells) {
    for (const kept of patterns.values()) {
      const id = idOf(cell.key.map((v, i) => (kept[i] === true ? v : null)));
      truth.set(id, (truth.get(id) ?? 0) + cell.count);
    }
  }
  return truth;
}

describe('suppressSmallCounts: primary suppression', () => {
  it('hides every published cell with 0 < count < 5, margins included, and publishes zeros', () => {
    const table: CountTable = {
      dimensions: ['gender'],
      cells: [
        { key: ['F'], count: 3 },
        { key: ['M'], count: 1 },
        { key: ['X'], count: 0 },
      ],
    };
    const result = suppressSmallCounts(table);
    expect(result.cells).toEqual([
      { key: ['F'], count: null, suppressed: true },
      { key: ['M'], count: null, suppressed: true },
      { key: ['X'], count: 0, suppressed: false },
      { key: [null], count: null, suppressed: true },
    ]);
    expect(result.threshold).toBe(5);
  });

  it('publishes a table with no small counts unchanged, with its margins', () => {
    const result = suppressSmallCounts({
      dimensions: ['ageBand', 'gender'],
      cells: [
        { key: ['0-2', 'F'], count: 5 },
        { key: ['0-2', 'M'], count: 7 },
        { key: ['3-5', 'F'], count: 0 },
        { key: ['3-5', 'M'], count: 11 },
      ],
    });
    expect(result.cells.every((c) => !c.suppressed)).toBe(true);
    expect(countOf(result, ['0-2', null])).toBe(12);
    expect(countOf(result, ['3-5', null])).toBe(11);
    expect(countOf(result, [null, 'F'])).toBe(5);
    expect(countOf(result, [null, 'M'])).toBe(18);
    expect(countOf(result, [null, null])).toBe(23);
  });
});

describe('suppressSmallCounts: complementary suppression', () => {
  it('1-D: the total would reveal a lone suppressed cell, so the next smallest goes too', () => {
    const result = suppressSmallCounts({
      dimensions: ['zone'],
      cells: [
        { key: ['elz1'], count: 3 },
        { key: ['elz2'], count: 10 },
        { key: ['elz3'], count: 12 },
      ],
    });
    expect(result.cells).toEqual([
      { key: ['elz1'], count: null, suppressed: true },
      { key: ['elz2'], count: null, suppressed: true },
      { key: ['elz3'], count: 12, suppressed: false },
      { key: [null], count: 25, suppressed: false },
    ]);
  });

  it('1-D: a zero does not protect; the smallest non-zero cell does', () => {
    const result = suppressSmallCounts({
      dimensions: ['zone'],
      cells: [
        { key: ['a'], count: 4 },
        { key: ['b'], count: 0 },
        { key: ['c'], count: 20 },
        { key: ['d'], count: 30 },
      ],
    });
    expect(suppressedKeys(result)).toEqual([idOf(['a']), idOf(['c'])]);
    expect(countOf(result, ['b'])).toBe(0);
    expect(countOf(result, [null])).toBe(54);
  });

  it('2-D: one small cell costs a rectangle of four', () => {
    const cells: CountCell[] = [
      ['a', 'x', 2],
      ['a', 'y', 8],
      ['a', 'z', 10],
      ['b', 'x', 6],
      ['b', 'y', 7],
      ['b', 'z', 9],
      ['c', 'x', 12],
      ['c', 'y', 15],
      ['c', 'z', 20],
    ].map(([row, column, count]) => ({
      key: [row as string, column as string],
      count: count as number,
    }));
    const result = suppressSmallCounts({ dimensions: ['row', 'column'], cells });
    expect(suppressedKeys(result)).toEqual([
      idOf(['a', 'x']),
      idOf(['a', 'y']),
      idOf(['b', 'x']),
      idOf(['b', 'y']),
    ]);
    // Every margin stays published.
    expect(countOf(result, ['a', null])).toBe(20);
    expect(countOf(result, [null, 'x'])).toBe(20);
    expect(countOf(result, [null, null])).toBe(89);
    expect(attack(result.cells).size).toBe(0);
  });

  it('2-D: suppresses a margin when its line has no cell left to protect it', () => {
    // Column x: 3 is small, its complement is 20; row b then holds 20 and a zero, so only
    // suppressing row b's total keeps 20 (and through it 3) hidden.
    const result = suppressSmallCounts({
      dimensions: ['row', 'column'],
      cells: [
        { key: ['a', 'x'], count: 3 },
        { key: ['a', 'y'], count: 0 },
        { key: ['b', 'x'], count: 20 },
        { key: ['b', 'y'], count: 0 },
      ],
    });
    expect(suppressedKeys(result).sort()).toEqual(
      [idOf(['a', 'x']), idOf(['b', 'x']), idOf(['a', null]), idOf(['b', null])].sort(),
    );
    expect(countOf(result, [null, 'x'])).toBe(23);
    expect(countOf(result, [null, null])).toBe(23);
    expect(attack(result.cells).size).toBe(0);
  });

  it('3-D: one small cell in a 2×2×2 table hides the whole cube; the margins stay', () => {
    const cells: CountCell[] = [];
    for (const a of ['a1', 'a2'])
      for (const b of ['b1', 'b2'])
        for (const c of ['c1', 'c2'])
          cells.push({ key: [a, b, c], count: a === 'a1' && b === 'b1' && c === 'c1' ? 1 : 10 });
    const result = suppressSmallCounts({ dimensions: ['a', 'b', 'c'], cells });
    const interior = result.cells.filter((c) => c.key.every((v) => v !== null));
    const margins = result.cells.filter((c) => c.key.some((v) => v === null));
    expect(interior).toHaveLength(8);
    expect(interior.every((c) => c.suppressed)).toBe(true);
    // Three 2-D margin tables of 4 cells and the grand total; 1-D margins are not published.
    expect(margins).toHaveLength(13);
    expect(margins.every((c) => !c.suppressed)).toBe(true);
    expect(countOf(result, ['a1', 'b1', null])).toBe(11);
    expect(countOf(result, [null, null, null])).toBe(71);
    expect(attack(result.cells).size).toBe(0);
  });
});

describe('suppressSmallCounts: an attacker solving lines learns nothing', () => {
  it('the attacker does recover counts from primary suppression alone (it can fail)', () => {
    const primaryOnly: PublishedCell[] = [
      { key: ['a'], count: null, suppressed: true },
      { key: ['b'], count: 10, suppressed: false },
      { key: ['c'], count: 12, suppressed: false },
      { key: [null], count: 25, suppressed: false },
    ];
    expect(attack(primaryOnly)).toEqual(new Map([[idOf(['a']), 3]]));
  });

  it.each([3, 5, 10])('on 150 random tables of 1 to 5 dimensions, threshold %i', (threshold) => {
    const random = prng(20261129 + threshold);
    let suppressedSeen = 0;
    for (let t = 0; t < 150; t++) {
      const table = randomTable(random);
      const result = suppressSmallCounts(table, { threshold });
      const truth = trueCounts(table, result);

      // Published counts are the true sums, every small count is hidden, no zero is.
      const wrong = result.cells.filter((cell) => {
        const real = truth.get(idOf(cell.key)) as number;
        if (cell.count !== null && cell.count !== real) return true;
        if (real > 0 && real < threshold && !cell.suppressed) return true;
        return real === 0 && cell.suppressed;
      });
      expect(wrong).toEqual([]);
      expect(attack(result.cells)).toEqual(new Map());
      suppressedSeen += result.cells.filter((c) => c.suppressed).length;
    }
    // The random tables do exercise suppression.
    expect(suppressedSeen).toBeGreaterThan(150);
  });
});

describe('suppressSmallCounts: threshold and determinism', () => {
  const table: CountTable = {
    dimensions: ['zone'],
    cells: [
      { key: ['a'], count: 3 },
      { key: ['b'], count: 4 },
      { key: ['c'], count: 7 },
      { key: ['d'], count: 20 },
    ],
  };

  it('takes the threshold as configured', () => {
    expect(suppressedKeys(suppressSmallCounts(table, { threshold: 3 }))).toEqual([]);
    expect(suppressedKeys(suppressSmallCounts(table, { threshold: 4 }))).toEqual([
      idOf(['a']),
      idOf(['b']),
    ]);
    // 3, 4 and 7 hide each other: the total reveals only their sum.
    expect(suppressedKeys(suppressSmallCounts(table, { threshold: 10 }))).toEqual([
      idOf(['a']),
      idOf(['b']),
      idOf(['c']),
    ]);
    expect(suppressSmallCounts(table, { threshold: 10 }).cells.at(-1)).toEqual({
      key: [null],
      count: 34,
      suppressed: false,
    });
    expect(suppressedKeys(suppressSmallCounts(table, { threshold: 1 }))).toEqual([]);
  });

  it('gives the same output whatever the order of the input cells', () => {
    const random = prng(7);
    for (let t = 0; t < 30; t++) {
      const original = randomTable(random);
      const shuffled = [...original.cells]
        .map((cell) => ({ cell, order: random() }))
        .sort((x, y) => x.order - y.order)
        .map(({ cell }) => cell);
      expect(suppressSmallCounts({ ...original, cells: shuffled })).toEqual(
        suppressSmallCounts(original),
      );
    }
  });

  it('breaks ties between equal complements the same way every time', () => {
    const tie: CountTable = {
      dimensions: ['zone'],
      cells: [
        { key: ['c'], count: 9 },
        { key: ['a'], count: 2 },
        { key: ['b'], count: 9 },
      ],
    };
    expect(suppressedKeys(suppressSmallCounts(tie))).toEqual([idOf(['a']), idOf(['b'])]);
  });
});

describe('suppressSmallCounts: refuses malformed tables', () => {
  const cell = (key: string[], count: number): CountCell => ({ key, count });
  it.each([
    ['no dimensions', { dimensions: [], cells: [] }],
    ['six dimensions', { dimensions: ['a', 'b', 'c', 'd', 'e', 'f'], cells: [] }],
    ['a key of the wrong length', { dimensions: ['a', 'b'], cells: [cell(['x'], 1)] }],
    ['a negative count', { dimensions: ['a'], cells: [cell(['x'], -1)] }],
    ['a fractional count', { dimensions: ['a'], cells: [cell(['x'], 1.5)] }],
    ['a key twice', { dimensions: ['a'], cells: [cell(['x'], 1), cell(['x'], 2)] }],
  ] as [string, CountTable][])('%s', (_, table) => {
    expect(() => suppressSmallCounts(table)).toThrow(RangeError);
  });

  it('a threshold below 1', () => {
    expect(() => suppressSmallCounts({ dimensions: ['a'], cells: [] }, { threshold: 0 })).toThrow(
      RangeError,
    );
  });

  it('an empty table publishes nothing', () => {
    expect(suppressSmallCounts({ dimensions: ['a'], cells: [] }).cells).toEqual([]);
  });
});
