import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { SERVICES } from '../service-catalog';
import { SIMULATORS } from '../start-mesh/simulators';
import { brokerNeedsOf, messageFactsOf } from './broker-needs';
import { type BrokerDefinitions, brokerPermissionProblems } from './broker-permissions';
import type { ComposeDocument } from './compose-file';
import { composeSchemaProblems, interpolationProblems } from './compose-schema';
import { consistencyProblems, type Program } from './compose-consistency';
import { dockerfileProblems } from './dockerfile-rules';
import { variablesReadBy } from './variables-read';

export interface DeployCheckInput {
  readonly root: string;
  readonly composeFile: string;
  readonly dockerfile: string;
  readonly definitionsFile: string;
}

/** Everything `npm run deploy:check:compose` verifies; returns the problems (empty = fine). */
export function checkDeploy(input: DeployCheckInput): string[] {
  const problems: string[] = [];
  const text = readFileSync(input.composeFile, 'utf8');
  problems.push(...interpolationProblems(text));
  let compose: ComposeDocument;
  try {
    compose = parseYaml(text, { merge: true }) as ComposeDocument;
  } catch (error) {
    return [
      ...problems,
      `compose: not valid YAML: ${(error as Error).message.split('\n')[0] ?? ''}`,
    ];
  }
  problems.push(...composeSchemaProblems(compose));
  problems.push(...dockerfileProblems(readFileSync(input.dockerfile, 'utf8')));

  const definitions = JSON.parse(readFileSync(input.definitionsFile, 'utf8')) as BrokerDefinitions;
  const variables = new Map<Program, ReadonlySet<string>>();
  const consistency = consistencyProblems({
    root: input.root,
    composeFile: input.composeFile,
    compose,
    catalogue: { services: SERVICES, simulators: SIMULATORS.map((simulator) => simulator.folder) },
    definitions,
    variablesRead: (program) => {
      const known =
        variables.get(program) ??
        variablesReadBy(
          input.root,
          program.entry,
          program.kind === 'service' ? program.descriptor : null,
        );
      variables.set(program, known);
      return known;
    },
  });
  problems.push(...consistency.problems);

  if (consistency.vhosts.size !== 1) {
    problems.push(
      `compose: the services must share one RabbitMQ vhost (found ${[...consistency.vhosts].join(', ') || 'none'})`,
    );
  }
  const vhost = [...consistency.vhosts][0] ?? '/';
  const { facts, kindOf } = messageFactsOf(
    input.root,
    SERVICES.map((service) => service.name),
  );
  const needs = SERVICES.map((descriptor) =>
    brokerNeedsOf(
      descriptor,
      facts.get(descriptor.name) ?? { handled: [], namedQueues: [], published: [] },
      kindOf,
    ),
  );
  problems.push(...brokerPermissionProblems(definitions, vhost, needs));
  return problems;
}
