import type { RouteDeclaration } from './access-decision';

export interface DeclaredRoute {
  /** e.g. `GET /dossiers/:id (DossierController.get)` */
  readonly description: string;
  readonly declaration: RouteDeclaration;
}

/** Thrown at start-up when some HTTP routes declare neither roles nor public access. */
export class UndeclaredRoutesError extends Error {
  constructor(readonly routes: readonly string[]) {
    super(
      `${routes.length} HTTP route(s) declare neither @Roles(...) nor @Public(), or declare both; ` +
        `every route must say who may call it:\n${routes.map((route) => `  - ${route}`).join('\n')}`,
    );
    this.name = 'UndeclaredRoutesError';
  }
}

/** The routes that would be refused to everyone: what the start-up check reports. */
export function undeclaredRoutes(routes: readonly DeclaredRoute[]): string[] {
  return routes
    .filter(
      (route) =>
        route.declaration.kind === 'undeclared' || route.declaration.kind === 'conflicting',
    )
    .map((route) =>
      route.declaration.kind === 'conflicting'
        ? `${route.description} [both @Public and @Roles]`
        : route.description,
    );
}
