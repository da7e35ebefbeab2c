import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { etagOf, parseBody, problems, versionFromIfMatch } from '@toevlucht/runtime';
import { actorFrom, CurrentPrincipal, Roles, type Principal, type Role } from '@toevlucht/security';
import { CoordinatorRegistry } from '../coordinators/coordinator-registry';
import { scopeOf } from '../offers/municipality-scope';
import type { Offer, OfferTransition, Page } from '../offers/offer.model';
import { OfferQueries } from '../offers/offer-queries';
import {
  offerListQuerySchema,
  offerSubmissionSchema,
  offerTransitionSchema,
} from '../offers/offer-request.schema';
import { SubmitOffer } from '../offers/submit-offer';
import { TransitionOffer } from '../offers/transition-offer';
import { ifMatch, problem } from './api-docs';
import { OPENAPI_SCHEMAS } from './openapi-schemas';

const VALIDATORS: Role[] = ['gemeentelijk-coordinator', 'centrale-validator'];
const COORDINATORS: Role[] = ['gemeentelijk-coordinator'];

@ApiTags('offers')
@ApiBearerAuth()
@problem(401, 'No valid bearer token')
@problem(
  403,
  'The token has no role that may call this route, or the coordinator is not registered',
)
@Controller('api/v1/offers')
export class OffersController {
  constructor(
    @Inject(SubmitOffer) private readonly submitting: SubmitOffer,
    @Inject(TransitionOffer) private readonly transitions: TransitionOffer,
    @Inject(OfferQueries) private readonly queries: OfferQueries,
    @Inject(CoordinatorRegistry) private readonly coordinators: CoordinatorRegistry,
  ) {}

  @Post()
  @Roles(...COORDINATORS)
  @ApiOperation({ summary: "Enter an offer in the coordinator's municipality" })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retrying with the same key and body returns the first offer.',
  })
  @ApiBody({ schema: OPENAPI_SCHEMAS.OfferSubmission })
  @ApiResponse({ status: 201, schema: OPENAPI_SCHEMAS.Offer })
  @ApiResponse({
    status: 200,
    description: 'Already entered with this Idempotency-Key',
    schema: OPENAPI_SCHEMAS.Offer,
  })
  @problem(400, 'Invalid offer; `errors` names each field')
  @problem(422, 'The Idempotency-Key was used with another body')
  async create(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Offer> {
    await this.coordinators.assertActive(principal);
    const input = parseBody(offerSubmissionSchema, body);
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{8,200}$/.test(idempotencyKey)) {
      throw problems.validation([
        {
          field: 'header:Idempotency-Key',
          code: 'invalid-idempotency-key',
          message: 'must be 8 to 200 visible ASCII characters',
        },
      ]);
    }
    const result = await this.submitting.submit(
      actorFrom(principal, request, COORDINATORS),
      input,
      'coordinator',
      scopeOf(principal),
      idempotencyKey,
    );
    response.status(result.created ? 201 : 200);
    response.setHeader('Location', `/api/v1/offers/${result.offer.id}`);
    response.setHeader('ETag', etagOf(result.offer.version));
    return result.offer;
  }

  @Get()
  @Roles(...VALIDATORS)
  @ApiOperation({ summary: "List offers (a coordinator's own municipality only), newest first" })
  @ApiResponse({ status: 200, schema: OPENAPI_SCHEMAS.OfferPage })
  async list(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
  ): Promise<Page<Offer>> {
    await this.coordinators.assertActive(principal);
    const options = parseBody(offerListQuerySchema, query);
    return this.queries.list(actorFrom(principal, request, VALIDATORS), scopeOf(principal), {
      limit: options.limit,
      offset: options.offset,
      ...(options.status === undefined ? {} : { status: options.status }),
    });
  }

  @Get(':id')
  @Roles(...VALIDATORS)
  @ApiOperation({ summary: "Read an offer (audited); another municipality's offer answers 404" })
  @ApiResponse({
    status: 200,
    schema: OPENAPI_SCHEMAS.Offer,
    headers: { ETag: { description: 'The version, for If-Match' } },
  })
  @problem(404, 'No such offer in your scope')
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Offer> {
    await this.coordinators.assertActive(principal);
    const offer = await this.queries.get(
      actorFrom(principal, request, VALIDATORS),
      scopeOf(principal),
      id,
    );
    response.setHeader('ETag', etagOf(offer.version));
    return offer;
  }

  @Get(':id/history')
  @Roles(...VALIDATORS)
  @ApiOperation({ summary: 'Every transition of the offer: who, when, from, to, why' })
  @ApiResponse({ status: 200, schema: OPENAPI_SCHEMAS.OfferHistory })
  @problem(404, 'No such offer in your scope')
  async history(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
  ): Promise<OfferTransition[]> {
    await this.coordinators.assertActive(principal);
    return this.queries.history(actorFrom(principal, request, VALIDATORS), scopeOf(principal), id);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles(...VALIDATORS)
  @ifMatch
  @ApiOperation({
    summary: 'Move the offer along its workflow',
    description:
      "check and validate: the municipality's coordinator; validate-centrally: a central validator; make-available (opens the reception place), withdraw and close: either. A refused transition answers 409 with `allowedActions`.",
  })
  @ApiBody({ schema: OPENAPI_SCHEMAS.OfferTransition })
  @ApiResponse({ status: 200, schema: OPENAPI_SCHEMAS.Offer })
  @problem(404, 'No such offer in your scope')
  @problem(
    409,
    'Not allowed from the current status for your role (currentStatus, allowedActions), or occupants must move first',
  )
  @problem(412, 'The offer changed since the given ETag')
  @problem(428, 'If-Match is missing')
  async transition(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatchHeader: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Offer> {
    await this.coordinators.assertActive(principal);
    const version = versionFromIfMatch(ifMatchHeader);
    const input = parseBody(offerTransitionSchema, body);
    const offer = await this.transitions.apply(
      actorFrom(principal, request, VALIDATORS),
      scopeOf(principal),
      id,
      version,
      input.action,
      input.reason,
    );
    response.setHeader('ETag', etagOf(offer.version));
    return offer;
  }
}
