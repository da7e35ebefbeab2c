import { openApiSetUp, runService } from '@toevlucht/runtime';
import { SUBSIDY_API } from './http/openapi';
import { subsidyModule } from './subsidy.module';
import { SUBSIDY_SERVICE } from './service';

void runService({
  descriptor: SUBSIDY_SERVICE,
  module: subsidyModule(),
  configureHttp: openApiSetUp(SUBSIDY_API),
});
