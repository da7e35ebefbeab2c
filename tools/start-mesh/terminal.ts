/** The launcher's own output: progress on stdout, problems on stderr, colour only on a terminal. */

export function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

export function complain(text: string): void {
  process.stderr.write(`${paint(31, text, process.stderr)}\n`);
}

/** ANSI colour when the stream is a terminal and NO_COLOR (no-color.org) is not set. */
export function paint(
  colour: number,
  text: string,
  stream: NodeJS.WriteStream = process.stdout,
): string {
  const wanted = stream.isTTY && process.env['NO_COLOR'] === undefined && colour !== 0;
  return wanted && text !== '' ? `\u001b[${colour}m${text}\u001b[0m` : text;
}
