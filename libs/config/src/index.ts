export * from './config-error';
export * from './env-parsers';
export * from './service-config';
