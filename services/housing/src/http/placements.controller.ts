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
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { parseBody, problems } from '@toevlucht/runtime';
import { actorFrom, CurrentPrincipal, Roles, type Principal, type Role } from '@toevlucht/security';
import { CoordinatorRegistry } from '../coordinators/coordinator-registry';
import { scopeOf } from '../offers/municipality-scope';
import type { Page } from '../offers/offer.model';
import { EndPlacement } from '../placements/end-placement';
import { OccupancyQueries, type Stay } from '../placements/occupancy-queries';
import { PlaceHousehold } from '../placements/place-household';
import {
  assignmentSchema,
  endPlacementSchema,
  occupancyQuerySchema,
  pageQuerySchema,
} from '../placements/placement-request.schema';
import { problem } from './api-docs';
import { OPENAPI_SCHEMAS } from './openapi-schemas';

const PLACERS: Role[] = ['gemeentelijk-coordinator', 'centrale-validator'];
const OCCUPANCY_READERS: Role[] = [
  'gemeentelijk-coordinator',
  'centrale-validator',
  'rapportering',
];

@ApiTags('placements')
@ApiBearerAuth()
@problem(401, 'No valid bearer token')
@problem(
  403,
  'The token has no role that may call this route, or the coordinator is not registered',
)
@Controller('api/v1')
export class PlacementsController {
  constructor(
    @Inject(PlaceHousehold) private readonly placing: PlaceHousehold,
    @Inject(EndPlacement) private readonly ending: EndPlacement,
    @Inject(OccupancyQueries) private readonly occupancy: OccupancyQueries,
    @Inject(CoordinatorRegistry) private readonly coordinators: CoordinatorRegistry,
  ) {}

  @Get('placement-requests')
  @Roles(...PLACERS)
  @ApiOperation({
    summary:
      'Households waiting for a place (a coordinator: those preferring their municipality or any)',
  })
  @ApiResponse({ status: 200, schema: OPENAPI_SCHEMAS.WaitingPage })
  async waiting(@Query() query: unknown, @CurrentPrincipal() principal: Principal) {
    await this.coordinators.assertActive(principal);
    const page = await this.occupancy.waiting(
      scopeOf(principal),
      parseBody(pageQuerySchema, query),
    );
    return {
      ...page,
      items: page.items.map((r) => ({
        dossierId: r.dossierId,
        householdSize: r.householdSize,
        preferredNisCodes: r.preferredNisCodes,
        needsAccessibility: r.needsAccessibility,
        receivedAt: r.receivedAt.toISOString(),
      })),
    };
  }

  @Post('places/:placeId/placements')
  @Roles(...PLACERS)
  @ApiOperation({
    summary: 'Place a waiting household in this place',
    description:
      'The database refuses to exceed the capacity, also under concurrent assignments. A refusal is also published as housing.placement.rejected.v1, with nothing stored.',
  })
  @ApiBody({ schema: OPENAPI_SCHEMAS.Assignment })
  @ApiResponse({ status: 201, schema: OPENAPI_SCHEMAS.Placement })
  @problem(
    404,
    'No such place in your scope, or no waiting request for the dossier (reason in `reason`)',
  )
  @problem(
    409,
    'No capacity, place withdrawn, dossier closed or already placed (reason in `reason`)',
  )
  async assign(
    @Param('placeId', ParseUUIDPipe) placeId: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
  ) {
    await this.coordinators.assertActive(principal);
    const { dossierId } = parseBody(assignmentSchema, body);
    const outcome = await this.placing.assign(
      actorFrom(principal, request, PLACERS),
      scopeOf(principal),
      dossierId,
      placeId,
    );
    if (outcome.placed)
      return { placementId: outcome.placementId, placeId: outcome.placeId, dossierId };
    if (outcome.reason === 'unknown-place') throw problems.notFound(`place ${placeId}`);
    if (outcome.reason === 'unknown-dossier') {
      throw problems.conflict(
        'unknown-dossier',
        `no household of dossier ${dossierId} is waiting for a place`,
        { reason: outcome.reason },
      );
    }
    throw problems.conflict(outcome.reason, `the household was not placed: ${outcome.reason}`, {
      reason: outcome.reason,
    });
  }

  @Post('placements/:id/end')
  @HttpCode(200)
  @Roles(...PLACERS)
  @ApiOperation({ summary: 'The household moved out: end the placement on a date (exclusive)' })
  @ApiBody({ schema: OPENAPI_SCHEMAS.EndPlacement })
  @ApiResponse({ status: 200, schema: OPENAPI_SCHEMAS.EndedPlacement })
  @problem(404, 'No such placement in your scope')
  @problem(409, 'The placement already ended')
  async end(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.coordinators.assertActive(principal);
    const input = parseBody(endPlacementSchema, body ?? {});
    const ended = await this.ending.byPerson(scopeOf(principal), id, input.to, input.reason);
    return {
      placementId: ended.id,
      dossierId: ended.dossierId,
      placeId: ended.placeId,
      from: ended.from,
      to: ended.to ?? '',
    };
  }

  @Get('occupancy')
  @Roles(...OCCUPANCY_READERS)
  @ApiOperation({
    summary: 'Person-stays overlapping a period, per municipality',
    description:
      '`from` inclusive, `to` exclusive; `nightsInPeriod` counts the nights inside it. A coordinator sees their own municipality.',
  })
  @ApiResponse({ status: 200, schema: OPENAPI_SCHEMAS.StayPage })
  async stays(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<Stay>> {
    await this.coordinators.assertActive(principal);
    const filter = parseBody(occupancyQuerySchema, query);
    return this.occupancy.stays(scopeOf(principal), {
      from: filter.from,
      to: filter.to,
      limit: filter.limit,
      offset: filter.offset,
      ...(filter.nisCode === undefined ? {} : { nisCode: filter.nisCode }),
    });
  }
}
