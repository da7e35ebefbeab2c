import { runService } from '@toevlucht/runtime';
import { RijksregisterAdapterModule } from './rijksregister-adapter.module';
import { RIJKSREGISTER_ADAPTER_SERVICE } from './service';

void runService({ descriptor: RIJKSREGISTER_ADAPTER_SERVICE, module: RijksregisterAdapterModule });
