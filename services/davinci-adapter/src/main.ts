import { runService } from '@toevlucht/runtime';
import { DavinciAdapterModule } from './davinci-adapter.module';
import { DAVINCI_ADAPTER_SERVICE } from './service';

void runService({ descriptor: DAVINCI_ADAPTER_SERVICE, module: DavinciAdapterModule });
