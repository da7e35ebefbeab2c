import { runService } from '@toevlucht/runtime';
import { SubsidyModule } from './subsidy.module';
import { SUBSIDY_SERVICE } from './service';

void runService({ descriptor: SUBSIDY_SERVICE, module: SubsidyModule });
