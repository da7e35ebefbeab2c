import { Module } from '@nestjs/common';

/**
 * The magda-onderwijs-adapter service's root module. Feature modules are added here as the service's issue
 * builds them; health, metrics, persistence and the broker connection come from the runtime.
 */
@Module({})
export class MagdaOnderwijsAdapterModule {}
