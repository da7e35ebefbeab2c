import { ConfigError } from '@toevlucht/config';
import { type Clock, openApiSetUp, runService, systemClock } from '@toevlucht/runtime';
import { SUBSIDY_API } from './http/openapi';
import { subsidyClock } from './subsidy.config';
import { subsidyModule } from './subsidy.module';
import { SUBSIDY_SERVICE } from './service';

let clock: Clock;
try {
  clock = subsidyClock(process.env, systemClock);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(78);
}

void runService({
  descriptor: SUBSIDY_SERVICE,
  module: subsidyModule(process.env, clock),
  configureHttp: openApiSetUp(SUBSIDY_API),
});
