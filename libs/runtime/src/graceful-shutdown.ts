import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { LifecycleState } from '@toevlucht/observability';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * On SIGTERM or SIGINT: turn readiness to 503, stop taking new work, let in-flight work finish
 * (Nest closes the HTTP server, which waits for open requests, then modules close their pools
 * and connections), and exit 0. If that takes longer than the grace period, exit 1 so the
 * orchestrator knows the shutdown was not clean. A second signal does not restart the sequence.
 */
export function installGracefulShutdown(
  app: INestApplication,
  logger: Logger,
  graceMs: number,
  exit: (code: number) => never = (code) => process.exit(code),
): void {
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) {
      logger.warn({ signal }, 'shutdown already in progress');
      return;
    }
    shuttingDown = true;
    logger.info({ signal, graceMs }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error({ graceMs }, 'shutdown exceeded its grace period; exiting');
      logger.flush();
      exit(1);
    }, graceMs);
    deadline.unref();
    // server.close() only ends connections that are idle at that moment; a keep-alive
    // connection whose request finishes later would hold the close for its idle timeout.
    const server = app.getHttpServer() as Server;
    const idleSweeper = setInterval(() => server.closeIdleConnections(), 100);
    idleSweeper.unref();
    try {
      app.get(LifecycleState).startDraining();
      await app.close();
      clearInterval(idleSweeper);
      logger.info('shutdown complete');
      logger.flush();
      clearTimeout(deadline);
      exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      logger.flush();
      exit(1);
    }
  };
  for (const signal of SIGNALS) {
    process.on(signal, () => void shutdown(signal));
  }
}
