export * from './connection/backoff';
export * from './connection/broker-connection';
export * from './connection/broker-health';
export * from './messaging.module';
export * from './persistence/tables';
