/**
 * Statistical disclosure control for the aggregate reports: small counts are hidden, and so is
 * whatever would let a reader get them back by subtraction from the totals that are published
 * next to them. Plain TypeScript, no I/O; the model and the rule are in
 * docs/registration-rules.md ("Small-count suppression").
 *
 * Model. A table counts people by 1 to 5 dimensions (e.g. age band × gender × zone). Its interior
 * cells are keyed by one value per dimension. Published with it are the margins one level up
 * (for each dimension, the table with that dimension summed out) and the grand total. A margin
 * cell's key holds `null` for the dimension summed out. Every published cell that is the sum of
 * cells of a finer published table gives one "line": the margin cell and the cells that add up
 * to it.
 *
 * Rule. (1) Primary: every published cell with 0 < count < threshold is suppressed. (2)
 * Complementary: a line with exactly one suppressed member (margin or cell) gives that member
 * away (margin − the others), so one more member of that line is suppressed: the smallest
 * non-zero unsuppressed cell of the line (a zero is published and protects nothing), or, when the
 * line has none left, its margin. Repeated until no line has exactly one suppressed member. Each
 * round suppresses one more cell, so it ends.
 *
 * What this guarantees: no suppressed value can be recovered by solving any single line, also
 * iteratively (solve one, use it in the next). It does not guarantee that no suppressed value
 * can be bounded or solved by combining several lines at once (linear programming); see the doc.
 */
export const DEFAULT_SUPPRESSION_THRESHOLD = 5;
export const MAX_DIMENSIONS = 5;

export interface CountCell {
  /** One value per dimension, in the order of `dimensions`. */
  readonly key: readonly string[];
  readonly count: number;
}

export interface CountTable {
  /** Names of the dimensions, e.g. ['ageBand', 'gender', 'eerstelijnszone']. */
  readonly dimensions: readonly string[];
  /** Interior cells; a combination left out counts 0. */
  readonly cells: readonly CountCell[];
}

export interface SuppressionOptions {
  /** Counts from 1 to threshold − 1 are suppressed. Default 5. */
  readonly threshold?: number;
}

export interface PublishedCell {
  /** One entry per dimension; null where the cell totals over that dimension. */
  readonly key: readonly (string | null)[];
  /** Null when suppressed. */
  readonly count: number | null;
  readonly suppressed: boolean;
}

export interface SuppressedTable {
  readonly dimensions: readonly string[];
  readonly threshold: number;
  /** Interior cells, then each margin table (dimension 1 summed out, then 2, …), the grand total last. */
  readonly cells: readonly PublishedCell[];
}

interface Node {
  readonly key: readonly (string | null)[];
  readonly count: number;
  suppressed: boolean;
  /** Lines this node belongs to, as margin or as cell. */
  readonly lines: number[];
}

interface Line {
  readonly margin: number;
  readonly cells: number[];
}

/** Which dimensions a published table keeps. */
type Level = readonly boolean[];

function publishedLevels(dimensionCount: number): Level[] {
  const all = Array.from({ length: dimensionCount }, () => true);
  const levels: Level[] = [all];
  for (let dropped = 0; dropped < dimensionCount; dropped++) {
    levels.push(all.map((_, i) => i !== dropped));
  }
  levels.push(all.map(() => false));
  // With one dimension, "drop one" is the grand total: keep each level once.
  const seen = new Set<string>();
  return levels.filter((level) => {
    const id = level.join();
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

const isCoarser = (coarse: Level, fine: Level): boolean =>
  coarse.every((kept, i) => !kept || fine[i] === true) &&
  coarse.some((kept, i) => kept !== fine[i]);

const project = (key: readonly (string | null)[], level: Level): (string | null)[] =>
  key.map((value, i) => (level[i] === true ? value : null));

const idOf = (key: readonly (string | null)[]): string => JSON.stringify(key);

function compareKeys(a: readonly (string | null)[], b: readonly (string | null)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function validate(table: CountTable, threshold: number): void {
  const n = table.dimensions.length;
  if (n < 1 || n > MAX_DIMENSIONS) {
    throw new RangeError(`A table has 1 to ${MAX_DIMENSIONS} dimensions, not ${n}`);
  }
  if (!Number.isSafeInteger(threshold) || threshold < 1) {
    throw new RangeError('The threshold is a whole number of at least 1');
  }
  const seen = new Set<string>();
  for (const cell of table.cells) {
    if (cell.key.length !== n || cell.key.some((v) => typeof v !== 'string')) {
      throw new RangeError(`Every cell key holds one string per dimension (${n})`);
    }
    if (!Number.isSafeInteger(cell.count) || cell.count < 0) {
      throw new RangeError('Counts are whole numbers of at least 0');
    }
    const id = idOf(cell.key);
    if (seen.has(id)) throw new RangeError('A cell key appears twice');
    seen.add(id);
  }
}

/** Builds every published cell (interior, margins, grand total) and the lines between them. */
function buildLattice(table: CountTable): { nodes: Node[]; lines: Line[] } {
  const levels = publishedLevels(table.dimensions.length);
  const interior = [...table.cells].sort((a, b) => compareKeys(a.key, b.key));

  const nodes: Node[] = [];
  const byLevel: Map<string, number>[] = levels.map(() => new Map<string, number>());
  levels.forEach((level, l) => {
    const totals = new Map<string, { key: (string | null)[]; count: number }>();
    for (const cell of interior) {
      const key = project(cell.key, level);
      const id = idOf(key);
      const entry = totals.get(id);
      if (entry) entry.count += cell.count;
      else totals.set(id, { key, count: cell.count });
    }
    const sorted = [...totals].sort(([, a], [, b]) => compareKeys(a.key, b.key));
    for (const [id, { key, count }] of sorted) {
      byLevel[l]?.set(id, nodes.length);
      nodes.push({ key, count, suppressed: false, lines: [] });
    }
  });

  const lines: Line[] = [];
  levels.forEach((coarse, c) => {
    levels.forEach((fine, f) => {
      if (!isCoarser(coarse, fine)) return;
      const lineOfMargin = new Map<number, Line>();
      for (const [id, cellIndex] of byLevel[f] ?? []) {
        const cell = nodes[cellIndex];
        if (!cell) throw new Error(`No node for ${id}`);
        const margin = byLevel[c]?.get(idOf(project(cell.key, coarse)));
        if (margin === undefined) throw new Error('Every cell has its margin');
        let line = lineOfMargin.get(margin);
        if (!line) {
          line = { margin, cells: [] };
          lineOfMargin.set(margin, line);
          lines.push(line);
        }
        line.cells.push(cellIndex);
      }
    });
  });
  lines.forEach((line, index) => {
    nodes[line.margin]?.lines.push(index);
    for (const cell of line.cells) nodes[cell]?.lines.push(index);
  });
  return { nodes, lines };
}

/** The member to suppress so that a line with one suppressed member gets a second one. */
function complementOf(line: Line, nodes: readonly Node[]): number {
  let best: number | undefined;
  for (const index of line.cells) {
    const node = nodes[index];
    if (!node || node.suppressed || node.count === 0) continue;
    // Ties go to the first in the lattice's sorted order, so the result never depends on input order.
    if (best === undefined || node.count < (nodes[best]?.count ?? Infinity)) best = index;
  }
  return best ?? line.margin;
}

export function suppressSmallCounts(
  table: CountTable,
  options: SuppressionOptions = {},
): SuppressedTable {
  const threshold = options.threshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  validate(table, threshold);
  const { nodes, lines } = buildLattice(table);

  for (const node of nodes) {
    if (node.count > 0 && node.count < threshold) node.suppressed = true;
  }

  const queue: number[] = lines.map((_, index) => index);
  const queued = lines.map(() => true);
  for (let head = 0; head < queue.length; head++) {
    const index = queue[head] as number;
    queued[index] = false;
    const line = lines[index];
    if (!line) continue;
    const members = [line.margin, ...line.cells];
    const suppressedCount = members.filter((m) => nodes[m]?.suppressed === true).length;
    if (suppressedCount !== 1) continue;

    const chosen = complementOf(line, nodes);
    const node = nodes[chosen];
    if (!node || node.suppressed) {
      // Only possible when the margin is the one suppressed member and every cell is zero,
      // which cannot be: a margin of zeros is zero and zeros are never suppressed.
      throw new Error('No complement for a line');
    }
    node.suppressed = true;
    for (const affected of node.lines) {
      if (!queued[affected]) {
        queued[affected] = true;
        queue.push(affected);
      }
    }
  }

  return {
    dimensions: [...table.dimensions],
    threshold,
    cells: nodes.map((node) => ({
      key: node.key,
      count: node.suppressed ? null : node.count,
      suppressed: node.suppressed,
    })),
  };
}
