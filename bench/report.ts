import { cpus, loadavg, totalmem } from 'node:os';

/**
 * How every benchmark reports: one JSON document on stdout (for machines and for RESULTS.md),
 * then a readable summary; the machine and its load at the start and at the end, because the
 * development machine is shared and a figure means little without them.
 */
export interface Machine {
  readonly cores: number;
  readonly cpu: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly loadAverageAtStart: number[];
}

export function machine(): Machine {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverageAtStart: loadavg().map(round2),
  };
}

export function printReport(
  benchmark: string,
  report: Record<string, unknown>,
  summary: string[],
): void {
  const document = {
    benchmark,
    date: new Date().toISOString(),
    ...report,
    loadAverageAtEnd: loadavg().map(round2),
  };
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n\n`);
  for (const line of summary) process.stdout.write(`${line}\n`);
}

/** Progress for the person watching, on stderr so stdout stays the report. */
export function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** `ours / theirs` rounded, or null when either side is missing (a case that did not run). */
export function ratio(ours: number | undefined, theirs: number | undefined): number | null {
  if (ours === undefined || theirs === undefined || !(theirs > 0)) return null;
  return round2(ours / theirs);
}

/** Runs `main`, exits 0 when it resolves and 1 with the error when it fails. */
export function runBenchmark(name: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
