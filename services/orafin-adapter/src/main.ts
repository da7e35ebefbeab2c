import { runService } from '@toevlucht/runtime';
import { OrafinAdapterModule } from './orafin-adapter.module';
import { ORAFIN_ADAPTER_SERVICE } from './service';

void runService({ descriptor: ORAFIN_ADAPTER_SERVICE, module: OrafinAdapterModule });
