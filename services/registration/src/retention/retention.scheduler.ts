import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  AnonymiseDossiers,
  RETENTION_SETTINGS,
  type RetentionSettings,
} from './anonymise-dossiers';

/** Runs the anonymisation on a timer; several replicas may: each dossier goes in its own transaction. */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RetentionScheduler');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    @Inject(AnonymiseDossiers) private readonly anonymise: AnonymiseDossiers,
    @Inject(RETENTION_SETTINGS) private readonly settings: RetentionSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.checkIntervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.running !== undefined) return;
      this.running = this.anonymise
        .run()
        .catch((error: unknown) => this.logger.error(`retention run failed: ${String(error)}`))
        .finally(() => (this.running = undefined));
    }, this.settings.checkIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
