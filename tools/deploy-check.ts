import { join } from 'node:path';
import { findProjectRoot } from '@toevlucht/runtime';
import { option } from './cli-options';
import { checkDeploy } from './deploy-check/check-deploy';

/**
 * `npm run deploy:check:compose`: validates deploy/docker-compose.yml against the Compose
 * Specification's schema, lints deploy/Dockerfile, and checks both and the RabbitMQ definitions
 * against the code (services, ports, environment variables, broker permissions). No Docker
 * engine needed. Other files (tests): --compose <file> --dockerfile <file> --definitions <file>.
 */
function main(argv: string[]): number {
  const root = findProjectRoot();
  const problems = checkDeploy({
    root,
    composeFile: option(argv, '--compose') ?? join(root, 'deploy/docker-compose.yml'),
    dockerfile: option(argv, '--dockerfile') ?? join(root, 'deploy/Dockerfile'),
    definitionsFile:
      option(argv, '--definitions') ?? join(root, 'deploy/compose/rabbitmq/definitions.json'),
  });
  for (const problem of problems) process.stdout.write(`✗ ${problem}\n`);
  if (problems.length > 0) return 1;
  process.stdout.write('✔ compose file, Dockerfile and RabbitMQ definitions agree with the code\n');
  return 0;
}

try {
  process.exit(main(process.argv.slice(2)));
} catch (error) {
  process.stderr.write(`deploy-check: ${(error as Error).message}\n`);
  process.exit(1);
}
