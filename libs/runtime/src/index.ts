export * from './graceful-shutdown';
export * from './project-root';
export * from './run-service';
export * from './http/problem-details.filter';
export * from './http/problems';
export * from './http/request-body';
export * from './http/versions';
export * from './http/openapi';
