import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { findProjectRoot } from '@toevlucht/runtime';

const root = findProjectRoot();
const wsdlDir = join(root, 'contracts', 'wsdl');
const responses = join(root, 'contracts', 'wsdl', 'reference-examples', 'responses');

function schemaFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return schemaFiles(path);
    return path.endsWith('.xsd') ? [path] : [];
  });
}

/** libxml2 (xmllint, compiled to WebAssembly) validates the reference answers against our XSDs. */
async function validate(schema: string, files: string[]) {
  const preload = schemaFiles(wsdlDir)
    .filter((path) => path !== join(wsdlDir, schema))
    .map((path) => ({ fileName: relative(wsdlDir, path), contents: readFileSync(path, 'utf8') }));
  return validateXML({
    xml: files.map((path) => ({
      fileName: path.split('/').pop()!,
      contents: readFileSync(path, 'utf8'),
    })),
    schema: [{ fileName: schema, contents: readFileSync(join(wsdlDir, schema), 'utf8') }],
    preload,
  });
}

const inDir = (dir: string) => readdirSync(dir).map((name) => join(dir, name));

describe('the WSDLs validate the MAGDA reference answers', () => {
  it('GeefHistoriekInschrijving 02.01: every answer', async () => {
    const result = await validate(
      'GeefHistoriekInschrijvingDienst-02.01.xsd',
      inDir(join(responses, 'GeefHistoriekInschrijving-02.01')),
    );
    expect(result.errors.map((error) => error.rawMessage)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('GeefPersoon 02.02: every answer but the one with newer burial blocks', async () => {
    const files = inDir(join(responses, 'GeefPersoon-02.02'));
    const result = await validate(
      'GeefPersoonDienst-02.02.xsd',
      files.filter((path) => !path.endsWith('00600099536.xml')),
    );
    expect(result.errors.map((error) => error.rawMessage)).toEqual([]);
  });

  it('GeefPersoon 02.02: the mock answer 00600099536 differs from the schema only by Begraving and LijkbezorgingEnRitueel', async () => {
    // The mock's answer carries blocks added to the service after this schema version.
    const result = await validate('GeefPersoonDienst-02.02.xsd', [
      join(responses, 'GeefPersoon-02.02', '00600099536.xml'),
    ]);
    expect(result.valid).toBe(false);
    expect(result.errors.map((error) => error.rawMessage).join('\n')).toMatch(
      /Element 'Begraving'/,
    );
  });
});
