import { compile } from 'json-schema-to-typescript';
import type { SchemaFile } from './contract-files';

const HEADER = `// Generated from contracts/messages/*.schema.json by \`npm run contracts:generate\`.
// Do not edit: change the schema and generate again (CI fails when this file drifts).
`;

/** One TypeScript file: an interface per message type's payload and a map from type to payload. */
export async function generateTypes(schemas: readonly SchemaFile[]): Promise<string> {
  const parts: string[] = [HEADER];
  const entries: string[] = [];
  for (const { type, schema } of schemas) {
    const name = interfaceName(type);
    const { $id: _id, $schema: _schema, ...body } = schema;
    const source = await compile({ ...body, title: name }, name, {
      bannerComment: '',
      additionalProperties: false,
      strictIndexSignatures: true,
      format: true,
    });
    parts.push(source.trim());
    entries.push(`  '${type}': ${name};`);
  }
  parts.push(
    `/** Payload type of every message type, for \`@EventPattern<MessagePayloads>(type)\` and typed publishing. */\nexport interface MessagePayloads {\n${entries.join('\n')}\n}`,
  );
  return `${parts.join('\n\n')}\n`;
}

/** `registration.dossier.registered.v1` → `RegistrationDossierRegisteredV1`. */
export function interfaceName(type: string): string {
  return type
    .split(/[.-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
