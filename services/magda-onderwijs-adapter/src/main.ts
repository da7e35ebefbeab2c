import { runService } from '@toevlucht/runtime';
import { MagdaOnderwijsAdapterModule } from './magda-onderwijs-adapter.module';
import { MAGDA_ONDERWIJS_ADAPTER_SERVICE } from './service';

void runService({
  descriptor: MAGDA_ONDERWIJS_ADAPTER_SERVICE,
  module: MagdaOnderwijsAdapterModule,
});
