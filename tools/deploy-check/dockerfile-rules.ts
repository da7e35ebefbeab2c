import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate, ValidationSeverity } from 'dockerfile-utils';

/** Build variables and environment whose name says it holds a secret. */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_KEY|API_KEY|CREDENTIAL)/i;

/**
 * Lints a Dockerfile: first dockerfile-utils (the linter of the VS Code Docker extension:
 * syntax, instruction arguments, duplicated CMD/HEALTHCHECK, relative WORKDIR, …, every finding
 * an error), then the rules that matter for our images, which no npm linter has:
 *
 * - every base image is pinned: a version tag (not `latest`, not none) or a digest;
 * - the final stage runs as a user other than root, set by USER;
 * - the final stage has a HEALTHCHECK, and CMD/ENTRYPOINT in exec form so node gets SIGTERM;
 * - the final stage installs production dependencies only (`npm ci --omit=dev`);
 * - no secret in ARG or ENV (both end up in the image's history), no ADD (COPY says what it does).
 */
export function dockerfileProblems(content: string): string[] {
  const problems = validate(content, {
    deprecatedMaintainer: ValidationSeverity.ERROR,
    directiveCasing: ValidationSeverity.ERROR,
    emptyContinuationLine: ValidationSeverity.ERROR,
    instructionCasing: ValidationSeverity.ERROR,
    instructionCmdMultiple: ValidationSeverity.ERROR,
    instructionEntrypointMultiple: ValidationSeverity.ERROR,
    instructionHealthcheckMultiple: ValidationSeverity.ERROR,
    instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
    instructionWorkdirRelative: ValidationSeverity.ERROR,
  }).map(
    (diagnostic) =>
      `Dockerfile line ${diagnostic.range.start.line + 1}: ${typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value}`,
  );

  const dockerfile = DockerfileParser.parse(content);
  const at = (instruction: Instruction) =>
    `Dockerfile line ${instruction.getRange().start.line + 1}`;
  const defaults = new Map<string, string>();
  for (const arg of dockerfile.getInitialARGs()) {
    const [name, value] = (arg.getArgumentsContent() ?? '').split('=');
    if (name !== undefined && value !== undefined) defaults.set(name.trim(), value.trim());
  }

  const froms = dockerfile.getFROMs();
  const stageNames = new Set(froms.map((from) => from.getBuildStage()).filter((n) => n !== null));
  for (const from of froms) {
    const written = from.getImage() ?? '';
    const image = written.replace(
      /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g,
      (_, n: string) => defaults.get(n) ?? '',
    );
    if (stageNames.has(image)) continue;
    const digest = /@sha256:[0-9a-f]{64}$/.test(image);
    const tag = /:([^/@]+)$/.exec(image.split('@')[0] ?? '')?.[1];
    if (!digest && (tag === undefined || tag === 'latest' || !/\d/.test(tag))) {
      problems.push(`${at(from)}: base image '${written}' is not pinned to a version or digest`);
    }
  }

  const instructions = dockerfile.getInstructions();
  const lastFrom = froms.at(-1);
  const finalStage = instructions.filter(
    (instruction) =>
      lastFrom !== undefined && instruction.getRange().start.line >= lastFrom.getRange().start.line,
  );
  const keyword = (instruction: Instruction) => instruction.getKeyword().toUpperCase();
  const users = finalStage.filter((instruction) => keyword(instruction) === 'USER');
  const user = users.at(-1)?.getArgumentsContent()?.split(':')[0]?.trim();
  if (user === undefined || user === 'root' || user === '0') {
    problems.push('Dockerfile: the final stage must switch to a user other than root (USER)');
  }
  if (!finalStage.some((instruction) => keyword(instruction) === 'HEALTHCHECK')) {
    problems.push('Dockerfile: the final stage has no HEALTHCHECK');
  }
  for (const instruction of finalStage.filter((i) => ['CMD', 'ENTRYPOINT'].includes(keyword(i)))) {
    if (!(instruction.getArgumentsContent() ?? '').trim().startsWith('[')) {
      problems.push(
        `${at(instruction)}: ${keyword(instruction)} must use the exec form ["node", …]`,
      );
    }
  }
  const installs = finalStage.filter(
    (instruction) =>
      keyword(instruction) === 'RUN' &&
      /\bnpm (ci|install|i)\b/.test(instruction.getArgumentsContent() ?? ''),
  );
  for (const install of installs) {
    if (!/--omit[= ]dev\b/.test(install.getArgumentsContent() ?? '')) {
      problems.push(
        `${at(install)}: the final stage must install production dependencies only (npm ci --omit=dev)`,
      );
    }
  }
  for (const instruction of instructions) {
    const kind = keyword(instruction);
    if (kind === 'ADD') problems.push(`${at(instruction)}: use COPY, not ADD`);
    if (kind === 'ARG' || kind === 'ENV') {
      for (const name of (instruction.getArgumentsContent() ?? '').match(
        /[A-Za-z_][A-Za-z0-9_]*(?==)|^[A-Za-z_][A-Za-z0-9_]*$/g,
      ) ?? []) {
        if (SECRET_NAME.test(name)) {
          problems.push(
            `${at(instruction)}: ${kind} ${name} would keep a secret in the image; pass it at run time`,
          );
        }
      }
    }
  }
  return problems;
}
