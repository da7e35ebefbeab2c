import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { parseBody } from '@toevlucht/runtime';
import { actorFrom, CurrentPrincipal, Roles, type Principal, type Role } from '@toevlucht/security';
import { CoordinatorRegistry, type Coordinator } from '../coordinators/coordinator-registry';
import {
  coordinatorListQuerySchema,
  coordinatorRegistrationSchema,
} from '../coordinators/coordinator-request.schema';
import { problem } from './api-docs';
import { OPENAPI_SCHEMAS } from './openapi-schemas';

const ADMINS: Role[] = ['beheerder'];

@ApiTags('coordinators')
@ApiBearerAuth()
@problem(401, 'No valid bearer token')
@problem(403, 'Only a beheerder manages coordinators')
@Controller('api/v1/coordinators')
export class CoordinatorsController {
  constructor(@Inject(CoordinatorRegistry) private readonly registry: CoordinatorRegistry) {}

  @Post()
  @Roles(...ADMINS)
  @ApiOperation({
    summary: 'Register a municipal coordinator (at most two active per municipality)',
  })
  @ApiBody({ schema: OPENAPI_SCHEMAS.CoordinatorRegistration })
  @ApiResponse({ status: 201, schema: OPENAPI_SCHEMAS.Coordinator })
  @problem(409, 'The municipality has two active coordinators already, or the subject is one')
  async register(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Coordinator> {
    const input = parseBody(coordinatorRegistrationSchema, body);
    const coordinator = await this.registry.register(
      actorFrom(principal, request, ADMINS),
      input.subject,
      input.nisCode,
    );
    response.setHeader('Location', `/api/v1/coordinators/${coordinator.id}`);
    return coordinator;
  }

  @Get()
  @Roles(...ADMINS)
  @ApiOperation({ summary: "A municipality's active coordinators" })
  @ApiResponse({ status: 200, schema: OPENAPI_SCHEMAS.CoordinatorList })
  list(@Query() query: unknown): Promise<Coordinator[]> {
    return this.registry.list(parseBody(coordinatorListQuerySchema, query).nisCode);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Deactivate a coordinator: frees the seat' })
  @ApiResponse({ status: 200, schema: OPENAPI_SCHEMAS.Coordinator })
  @problem(404, 'No such coordinator')
  @problem(409, 'Already deactivated')
  deactivate(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
  ): Promise<Coordinator> {
    return this.registry.deactivate(actorFrom(principal, request, ADMINS), id);
  }
}
