import { ConfigError } from '@toevlucht/config';
import { openApiSetUp, runService } from '@toevlucht/runtime';
import { REGISTRATION_API } from './http/openapi';
import { loadRegistrationSettings, type RegistrationSettings } from './registration.config';
import { registrationModule } from './registration.module';
import { REGISTRATION_SERVICE } from './service';

let settings: RegistrationSettings;
try {
  settings = loadRegistrationSettings(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(78);
}

void runService({
  descriptor: REGISTRATION_SERVICE,
  module: registrationModule(settings),
  configureHttp: openApiSetUp(REGISTRATION_API),
});
