/**
 * The project's dependency rules, checked by `npm run depcheck` (part of `npm test`).
 * Paths are relative to the folder depcruise runs in (the repository root).
 */
module.exports = {
  forbidden: [
    {
      name: 'lib-not-to-service',
      comment: 'A lib is shared by every service; it must never depend on one.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^services/' },
    },
    {
      name: 'service-not-to-service',
      comment:
        'Services talk over RabbitMQ with types from contracts/, never by importing each other.',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/', pathNot: '^services/$1/' },
    },
    {
      name: 'domain-not-to-framework',
      comment:
        'Domain rules are plain TypeScript: no Nest, no database, broker, HTTP or file I/O, so they are unit-tested without mocks.',
      severity: 'error',
      from: { path: '((^|/)domain/|^libs/magda/)' },
      to: {
        path: 'node_modules/(@nestjs|pg|pg-pool|drizzle-orm|amqplib|express|soap|axios|opossum|pino|prom-client|ssh2)/',
      },
    },
    {
      name: 'domain-not-to-io-builtins',
      comment: 'Domain code takes time, randomness and data as arguments instead of reaching out.',
      severity: 'error',
      from: { path: '((^|/)domain/|^libs/magda/)' },
      to: {
        dependencyTypes: ['core'],
        path: '^(fs|fs/promises|net|http|https|http2|child_process|dgram|dns|tls|cluster|worker_threads)$',
      },
    },
    {
      name: 'domain-not-to-outside-domain',
      comment:
        'Domain code may only use other domain code, libs/magda (MAGDA message rules, itself held to the domain rules above) and libraries that are not frameworks.',
      severity: 'error',
      from: { path: '(^|/)domain/' },
      to: { path: '^(libs|services)/', pathNot: '((^|/)domain/|^libs/magda/)' },
    },
    {
      name: 'production-not-to-testing',
      comment: 'Test helpers never ship: production code must not import libs/testing.',
      severity: 'error',
      from: { path: '^(libs|services)/[^/]+/src/', pathNot: '^libs/testing/' },
      to: { path: '^libs/testing/' },
    },
    {
      name: 'no-circular',
      comment: 'Cycles make start-up order and reasoning fragile.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|coverage)/|^tools/(dependency-rules|contracts)/fixtures/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
