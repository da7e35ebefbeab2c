import { ConfigError } from '@toevlucht/config';
import { openApiSetUp, runService } from '@toevlucht/runtime';
import { loadHousingSettings, type HousingSettings } from './housing.config';
import { housingModule } from './housing.module';
import { HOUSING_API } from './http/openapi';
import { HOUSING_SERVICE } from './service';

let settings: HousingSettings;
try {
  settings = loadHousingSettings(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(78);
}

void runService({
  descriptor: HOUSING_SERVICE,
  module: housingModule(settings),
  configureHttp: openApiSetUp(HOUSING_API),
});
