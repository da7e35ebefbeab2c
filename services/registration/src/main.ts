import { runService } from '@toevlucht/runtime';
import { RegistrationModule } from './registration.module';
import { REGISTRATION_SERVICE } from './service';

void runService({ descriptor: REGISTRATION_SERVICE, module: RegistrationModule });
