import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  RequestMethod,
  type Type,
} from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { declarationOf, type DeclarationMetadata } from './access-decision';
import { PUBLIC_METADATA, ROLES_METADATA } from './decorators';
import { type DeclaredRoute, UndeclaredRoutesError, undeclaredRoutes } from './route-declarations';
import { OPEN_CONTROLLERS } from './security.guard';

/**
 * Refuses to start an application with an HTTP route that declares neither `@Roles(...)` nor
 * `@Public()`: the guard would refuse it to everyone at run time, but a forgotten declaration
 * should be found by the developer at start-up, not by a user as a 403. Runs on bootstrap, so
 * `app.listen()` fails and the service exits with the list of routes.
 */
@Injectable()
export class RouteDeclarationCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(OPEN_CONTROLLERS) private readonly openControllers: ReadonlySet<Type<unknown>>,
  ) {}

  onApplicationBootstrap(): void {
    const missing = undeclaredRoutes(this.routes());
    if (missing.length > 0) throw new UndeclaredRoutesError(missing);
  }

  routes(): DeclaredRoute[] {
    const routes: DeclaredRoute[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as Type<unknown> | undefined;
      if (controller === undefined || this.openControllers.has(controller)) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      const base = this.pathOf(controller);
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function') continue;
        const path: unknown = Reflect.getMetadata(PATH_METADATA, handler);
        // Only HTTP routes; message handlers (@EventPattern) carry no path.
        if (path === undefined) continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const verb = method === undefined ? 'GET' : RequestMethod[method];
        routes.push({
          description: `${verb} ${joinPath(base, path)} (${controller.name}.${name})`,
          declaration: declarationOf(this.metadataOf(handler), this.metadataOf(controller)),
        });
      }
    }
    return routes;
  }

  private pathOf(controller: Type<unknown>): unknown {
    return Reflect.getMetadata(PATH_METADATA, controller);
  }

  private metadataOf(target: object): DeclarationMetadata {
    const roles = this.reflector.get<DeclarationMetadata['roles']>(ROLES_METADATA, target as never);
    const isPublic = this.reflector.get<boolean | undefined>(PUBLIC_METADATA, target as never);
    return {
      ...(roles === undefined ? {} : { roles }),
      ...(isPublic === undefined ? {} : { isPublic }),
    };
  }
}

function joinPath(base: unknown, path: unknown): string {
  const first = (Array.isArray(base) ? base[0] : base) as string | undefined;
  const second = (Array.isArray(path) ? path.join('|') : path) as string | undefined;
  const joined = [first, second]
    .filter((part): part is string => typeof part === 'string' && part !== '' && part !== '/')
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .join('/');
  return `/${joined}`;
}
