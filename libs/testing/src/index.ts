export * from './event-collector';
export * from './http';
export * from './ports';
export * from './service-process';
export * from './tcp-proxy';
export * from './test-database';
export * from './wait-for';
export * from './test-service';
