/**
 * What a fault-injection run did and what it found, in order, for a person to read after the
 * run (printed whole at the end, pass or fail). Actions carry their offset from the start of
 * the run; findings carry what was expected and what was found. Only ids, counts and statuses
 * go in: never personal data.
 */
export interface LedgerAction {
  readonly atMs: number;
  readonly text: string;
}

export interface LedgerFinding {
  readonly check: string;
  readonly expected: string | number;
  readonly found: string | number;
  readonly ok: boolean;
}

export class Ledger {
  readonly actions: LedgerAction[] = [];
  readonly findings: LedgerFinding[] = [];
  private readonly startedAt: number;

  constructor(private readonly now: () => number = Date.now) {
    this.startedAt = now();
  }

  /** Something the suite did (or saw happen): a fault, a recovery, a phase of the load. */
  action(text: string): void {
    this.actions.push({ atMs: this.now() - this.startedAt, text });
  }

  /** Times `work`, recording its start and how it ended. */
  async timed<T>(text: string, work: () => Promise<T>): Promise<T> {
    const started = this.now();
    this.action(`${text} …`);
    try {
      const result = await work();
      this.action(`${text}: done in ${formatSeconds(this.now() - started)}`);
      return result;
    } catch (error) {
      this.action(
        `${text}: FAILED after ${formatSeconds(this.now() - started)}: ${(error as Error).message}`,
      );
      throw error;
    }
  }

  /** A check of the end state; equal expected and found (as text) is a pass. */
  finding(check: string, expected: string | number, found: string | number): boolean {
    const ok = String(expected) === String(found);
    this.findings.push({ check, expected, found, ok });
    return ok;
  }

  get failed(): readonly LedgerFinding[] {
    return this.findings.filter((finding) => !finding.ok);
  }

  render(title: string): string {
    const lines = [`=== ${title} ===`, '', 'Actions (time since start):'];
    for (const action of this.actions) {
      lines.push(`  ${formatOffset(action.atMs)}  ${action.text}`);
    }
    lines.push('', 'Findings (expected vs found):');
    const width = Math.max(10, ...this.findings.map((finding) => finding.check.length));
    for (const finding of this.findings) {
      lines.push(
        `  ${finding.ok ? 'ok  ' : 'FAIL'}  ${finding.check.padEnd(width)}  expected ${String(finding.expected)}, found ${String(finding.found)}`,
      );
    }
    const failed = this.failed.length;
    lines.push(
      '',
      failed === 0
        ? `All ${this.findings.length} findings as expected.`
        : `${failed} of ${this.findings.length} findings differ from what was expected.`,
    );
    return lines.join('\n');
  }
}

/** `+mm:ss.s` */
export function formatOffset(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const seconds = (ms % 60_000) / 1000;
  return `+${String(minutes).padStart(2, '0')}:${seconds.toFixed(1).padStart(4, '0')}`;
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
