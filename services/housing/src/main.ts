import { runService } from '@toevlucht/runtime';
import { HousingModule } from './housing.module';
import { HOUSING_SERVICE } from './service';

void runService({ descriptor: HOUSING_SERVICE, module: HousingModule });
