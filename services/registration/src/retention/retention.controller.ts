import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@toevlucht/security';
import { actorFrom } from '@toevlucht/security';
import { ADMINISTRATORS } from '../http/roles';
import { AnonymiseDossiers } from './anonymise-dossiers';

@ApiTags('administration')
@ApiBearerAuth()
@Controller('api/v1/admin/retention')
export class RetentionController {
  constructor(@Inject(AnonymiseDossiers) private readonly anonymise: AnonymiseDossiers) {}

  @Post('run')
  @HttpCode(200)
  @Roles(...ADMINISTRATORS)
  @ApiOperation({
    summary: 'Anonymise every dossier past its retention period now',
    description: 'The service also does this on its own schedule (RETENTION_CHECK_INTERVAL_MS).',
  })
  @ApiResponse({ status: 200, description: '{ anonymised: number }' })
  async run(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
  ): Promise<{ anonymised: number }> {
    return { anonymised: await this.anonymise.run(actorFrom(principal, request, ADMINISTRATORS)) };
  }
}
