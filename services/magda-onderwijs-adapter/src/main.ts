import { ConfigError } from '@toevlucht/config';
import { findProjectRoot, runService } from '@toevlucht/runtime';
import { loadMagdaSettings } from './magda/adapter-config';
import { MagdaOnderwijsAdapterModule } from './magda-onderwijs-adapter.module';
import { MAGDA_ONDERWIJS_ADAPTER_SERVICE } from './service';

// The MAGDA settings are read inside Nest's module; checked here first so that a bad one ends
// the process with EX_CONFIG (78) and the variable's name, like the base configuration does.
try {
  loadMagdaSettings(process.env, findProjectRoot());
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(78);
}

void runService({
  descriptor: MAGDA_ONDERWIJS_ADAPTER_SERVICE,
  module: MagdaOnderwijsAdapterModule,
});
