import { runService } from '@toevlucht/runtime';
import { setUpOpenApi } from './http/openapi';
import { subsidyModule } from './subsidy.module';
import { SUBSIDY_SERVICE } from './service';

void runService({
  descriptor: SUBSIDY_SERVICE,
  module: subsidyModule(),
  configureHttp: setUpOpenApi,
});
