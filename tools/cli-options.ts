/** The value after `--name`, or undefined when the flag is absent. */
export function option(argv: readonly string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

/** Every value given for a repeatable flag (`--role a --role b`). */
export function options(argv: readonly string[], name: string): string[] {
  return argv.flatMap((arg, index) =>
    arg === name && argv[index + 1] !== undefined ? [argv[index + 1]!] : [],
  );
}

export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

export function fail(text: string, code: number): number {
  process.stderr.write(`${text}\n`);
  return code;
}
