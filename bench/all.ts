import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot } from '@toevlucht/runtime';

/**
 * `npm run bench`: every benchmark in turn, each as its own process with settings that keep
 * the whole run under 15 minutes on the 2-core development machine (a setting already in the
 * environment wins). Each one's report goes to bench-results/<name>.json and its summary to
 * the terminal; the run fails if one fails. bench:soap and bench:security join with
 * BENCH_ALL_EXTRA=1 (about 3 more minutes).
 */
interface Benchmark {
  readonly name: string;
  readonly defaults: Record<string, string>;
}

const BENCHMARKS: readonly Benchmark[] = [
  { name: 'messaging', defaults: { BENCH_MESSAGES: '3000', BENCH_ROUNDS: '3' } },
  { name: 'gateway', defaults: { BENCH_DURATION_S: '6' } },
  { name: 'flow', defaults: { BENCH_FLOW_CASE_S: '15' } },
  { name: 'scale', defaults: { BENCH_SCALE_STEP_S: '8' } },
];
const EXTRA: readonly Benchmark[] = [
  { name: 'soap', defaults: { BENCH_ROUNDS: '3', BENCH_CALLS: '500', BENCH_LOOKUPS: '400' } },
  { name: 'security', defaults: {} },
];
const BUDGET_S = 15 * 60;

async function main(): Promise<void> {
  const root = findProjectRoot();
  const out = join(root, 'bench-results');
  mkdirSync(out, { recursive: true });
  const selected = [...BENCHMARKS, ...(process.env['BENCH_ALL_EXTRA'] === '1' ? EXTRA : [])];
  const started = performance.now();
  const timings: Record<string, number> = {};
  const failed: string[] = [];
  for (const benchmark of selected) {
    process.stderr.write(`\n── bench:${benchmark.name} ──\n`);
    const begun = performance.now();
    const { code, stdout } = await run(join(root, 'dist', 'bench', `${benchmark.name}.js`), {
      ...benchmark.defaults,
      ...process.env,
    });
    timings[benchmark.name] = Math.round((performance.now() - begun) / 1000);
    writeFileSync(join(out, `${benchmark.name}.txt`), stdout);
    const json = stdout.slice(0, stdout.indexOf('\n\n'));
    if (json.startsWith('{')) writeFileSync(join(out, `${benchmark.name}.json`), `${json}\n`);
    process.stdout.write(`\n── bench:${benchmark.name} (${timings[benchmark.name]} s) ──\n`);
    process.stdout.write(`${stdout.slice(stdout.indexOf('\n\n') + 2)}`);
    if (code !== 0) failed.push(benchmark.name);
  }
  const total = Math.round((performance.now() - started) / 1000);
  process.stdout.write(
    `\nnpm run bench: ${total} s in all (budget ${BUDGET_S} s): ${Object.entries(timings)
      .map(([name, seconds]) => `${name} ${seconds} s`)
      .join(', ')}; reports in bench-results/\n`,
  );
  if (failed.length > 0) {
    process.stderr.write(`failed: ${failed.join(', ')}\n`);
    process.exit(1);
  }
  if (total > BUDGET_S) process.stderr.write(`over the ${BUDGET_S} s budget\n`);
}

/** Runs one benchmark; its stderr (progress) passes through, its stdout (the report) is kept. */
function run(entry: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`npm run bench failed: ${String(error)}\n`);
  process.exit(1);
});
