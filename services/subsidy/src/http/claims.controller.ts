import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@toevlucht/security';
import { CalculateClaim } from '../claims/calculate-claim';
import { ClaimQueries } from '../claims/claim-queries';
import type { ClaimVersionDetail, ClaimView } from '../claims/claim.model';
import { ReviewClaim } from '../claims/review-claim';
import { parsePeriod } from '../domain/calendar';
import { claimActorOf } from './claim-actor-from';
import { mapClaimErrors } from './claim-problems';
import { OPENAPI_SCHEMAS } from './openapi-schemas';
import { parseBody } from '@toevlucht/runtime';
import { calculateClaimSchema, listClaimsSchema, rejectClaimSchema } from './request-schemas';
import { etagOf, versionFromIfMatch as revisionFromIfMatch } from '@toevlucht/runtime';

const problem = (status: number, description: string) =>
  ApiResponse({
    status,
    description,
    content: { 'application/problem+json': { schema: OPENAPI_SCHEMAS.Problem } },
  });

const ifMatch = ApiHeader({
  name: 'If-Match',
  required: true,
  description: 'The ETag (revision) of the claim version as read (412 when stale, 428 without).',
});

@ApiTags('claims')
@ApiBearerAuth()
@problem(401, 'No valid bearer token')
@problem(403, 'The token has no role that may call this route, or another municipality')
@Controller('api/v1/claims')
export class ClaimsController {
  constructor(
    @Inject(CalculateClaim) private readonly calculation: CalculateClaim,
    @Inject(ReviewClaim) private readonly review: ReviewClaim,
    @Inject(ClaimQueries) private readonly queries: ClaimQueries,
  ) {}

  @Post()
  @Roles('gemeentelijk-coordinator', 'centrale-validator')
  @ApiOperation({
    summary: "Calculate a municipality's claim for an ended month",
    description:
      'From the stays housing reported, the verifications registration announced and the tariffs. The first calculation creates the claim (201); recalculating a version not yet submitted gives the same version when nothing changed (200) or a new one (201); after a rejection (review or payment) it is the correction, a new version. A claim in review or payment cannot be recalculated (409).',
  })
  @ApiBody({ schema: OPENAPI_SCHEMAS.CalculateClaim })
  @ApiResponse({ status: 201, description: 'A new version', schema: OPENAPI_SCHEMAS.Claim })
  @ApiResponse({ status: 200, description: 'Unchanged', schema: OPENAPI_SCHEMAS.Claim })
  @problem(400, 'Invalid request; `errors` names each field')
  @problem(409, 'The claim is in review or payment')
  @problem(422, 'The month has not ended')
  async calculate(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ClaimView> {
    const input = parseBody(calculateClaimSchema, body);
    const result = await mapClaimErrors(
      this.calculation.calculate(
        claimActorOf(principal),
        input.nisCode,
        parsePeriod(input.period)!,
      ),
    );
    response.status(result.created ? 201 : 200);
    response.setHeader('Location', `/api/v1/claims/${result.claim.id}/versions/${result.version}`);
    return result.claim;
  }

  @Get()
  @Roles('gemeentelijk-coordinator', 'centrale-validator')
  @ApiOperation({ summary: 'List claims (a coordinator sees their own municipality only)' })
  @ApiResponse({ status: 200, schema: OPENAPI_SCHEMAS.ClaimPage })
  list(@Query() query: unknown, @CurrentPrincipal() principal: Principal) {
    const filter = parseBody(listClaimsSchema, query);
    return mapClaimErrors(
      this.queries.list(claimActorOf(principal), {
        limit: filter.limit,
        offset: filter.offset,
        ...(filter.nisCode === undefined ? {} : { nisCode: filter.nisCode }),
        ...(filter.period === undefined ? {} : { period: filter.period }),
      }),
    );
  }

  @Get(':id')
  @Roles('gemeentelijk-coordinator', 'centrale-validator')
  @ApiOperation({ summary: 'A claim and all its versions' })
  @ApiResponse({ status: 200, schema: OPENAPI_SCHEMAS.Claim })
  @problem(404, 'No such claim (or not of your municipality)')
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal) {
    return mapClaimErrors(this.queries.get(claimActorOf(principal), id));
  }

  @Get(':id/versions/:version')
  @Roles('gemeentelijk-coordinator', 'centrale-validator')
  @ApiOperation({ summary: 'A claim version with its lines, evidence, payment and history' })
  @ApiResponse({
    status: 200,
    schema: OPENAPI_SCHEMAS.ClaimVersion,
    headers: { ETag: { description: 'The revision, for If-Match' } },
  })
  @problem(404, 'No such claim version')
  async version(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('version', ParseIntPipe) version: number,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const detail = await mapClaimErrors(this.queries.version(claimActorOf(principal), id, version));
    response.setHeader('ETag', etagOf(detail.revision));
    return detail;
  }

  @Get(':id/versions/:version/csv')
  @Roles('gemeentelijk-coordinator', 'centrale-validator')
  @ApiOperation({ summary: "A claim version's lines as CSV, for accounting" })
  @ApiProduces('text/csv')
  @ApiResponse({ status: 200, description: 'RFC 4180 CSV with a total row' })
  @problem(404, 'No such claim version')
  async csv(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('version', ParseIntPipe) version: number,
    @CurrentPrincipal() principal: Principal,
    @Res() response: Response,
  ): Promise<void> {
    const file = await mapClaimErrors(this.queries.csv(claimActorOf(principal), id, version));
    response
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="${file.filename}"`)
      .send(file.body);
  }

  @Post(':id/versions/:version/submit')
  @HttpCode(200)
  @Roles('gemeentelijk-coordinator')
  @ifMatch
  @ApiOperation({
    summary: 'Submit a calculated version for approval (coordinator of the municipality)',
  })
  @ApiResponse({ status: 200, schema: OPENAPI_SCHEMAS.ClaimVersion })
  @problem(409, 'Not in status berekend')
  @problem(412, 'The version changed since the given ETag')
  @problem(422, 'Nothing to claim')
  @problem(428, 'If-Match is missing')
  submit(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('version', ParseIntPipe) version: number,
    @Headers('if-match') ifMatchHeader: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const revision = revisionFromIfMatch(ifMatchHeader);
    return this.withEtag(
      response,
      this.review.submit(claimActorOf(principal), id, version, revision),
    );
  }

  @Post(':id/versions/:version/approve')
  @HttpCode(200)
  @Roles('centrale-validator')
  @ifMatch
  @ApiOperation({
    summary: 'Approve a submitted version (a central validator who did not submit it)',
    description: 'The payment order to Orafin follows (status betaling-aangevraagd).',
  })
  @ApiResponse({ status: 200, schema: OPENAPI_SCHEMAS.ClaimVersion })
  @problem(409, 'Not in status ingediend')
  @problem(412, 'The version changed since the given ETag')
  @problem(422, 'No valid account configured for the municipality')
  approve(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('version', ParseIntPipe) version: number,
    @Headers('if-match') ifMatchHeader: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const revision = revisionFromIfMatch(ifMatchHeader);
    return this.withEtag(
      response,
      this.review.approve(claimActorOf(principal), id, version, revision),
    );
  }

  @Post(':id/versions/:version/reject')
  @HttpCode(200)
  @Roles('centrale-validator')
  @ifMatch
  @ApiOperation({ summary: 'Reject a submitted version with a reason (four eyes)' })
  @ApiBody({ schema: OPENAPI_SCHEMAS.RejectClaim })
  @ApiResponse({ status: 200, schema: OPENAPI_SCHEMAS.ClaimVersion })
  @problem(409, 'Not in status ingediend')
  @problem(412, 'The version changed since the given ETag')
  reject(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('version', ParseIntPipe) version: number,
    @Body() body: unknown,
    @Headers('if-match') ifMatchHeader: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const revision = revisionFromIfMatch(ifMatchHeader);
    const { reason } = parseBody(rejectClaimSchema, body);
    return this.withEtag(
      response,
      this.review.reject(claimActorOf(principal), id, version, revision, reason),
    );
  }

  private async withEtag(
    response: Response,
    work: Promise<ClaimVersionDetail>,
  ): Promise<ClaimVersionDetail> {
    const detail = await mapClaimErrors(work);
    response.setHeader('ETag', etagOf(detail.revision));
    return detail;
  }
}
