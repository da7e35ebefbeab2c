import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { Inject } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { problems } from '@toevlucht/runtime';
import { CurrentPrincipal, Roles, type Principal } from '@toevlucht/security';
import { ChangeDossier } from '../dossier/change-dossier';
import { DossierQueries } from '../dossier/dossier-queries';
import {
  closeDossierSchema,
  courseEnrolmentSchema,
  createDossierSchema,
  personRequestSchema,
  searchDossiersSchema,
  updateDossierSchema,
  updatePersonSchema,
} from '../dossier/dossier-request.schema';
import type { Dossier } from '../dossier/dossier.model';
import { RegisterDossier } from '../dossier/register-dossier';
import { actorFrom } from '@toevlucht/security';
import { OPENAPI_SCHEMAS } from './openapi-schemas';
import { parseBody } from '@toevlucht/runtime';
import { etagOf, versionFromIfMatch } from '@toevlucht/runtime';
import { STAFF } from './roles';

const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  status: z.enum(['open', 'closed']).optional(),
});

const problem = (status: number, description: string) =>
  ApiResponse({
    status,
    description,
    content: { 'application/problem+json': { schema: OPENAPI_SCHEMAS.Problem } },
  });

const ifMatch = ApiHeader({
  name: 'If-Match',
  required: true,
  description: 'The ETag of the dossier version the change is based on (412 when stale).',
});

@ApiTags('dossiers')
@ApiBearerAuth()
@problem(401, 'No valid bearer token')
@problem(403, 'The token has no role that may call this route')
@Controller('api/v1/dossiers')
export class DossiersController {
  constructor(
    @Inject(RegisterDossier) private readonly registration: RegisterDossier,
    @Inject(ChangeDossier) private readonly changes: ChangeDossier,
    @Inject(DossierQueries) private readonly queries: DossierQueries,
  ) {}

  @Post()
  @Roles(...STAFF)
  @ApiOperation({
    summary: 'Register a household',
    description:
      'Validates every member; an INSZ already in an open dossier is refused (409 with the existing dossier id); the same name and birth date as another dossier is accepted and put on the work list. Starts identity verification, education lookups and Dutch-course searches.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Retrying with the same key and body returns the dossier the first attempt created.',
  })
  @ApiBody({ schema: OPENAPI_SCHEMAS.CreateDossier })
  @ApiResponse({ status: 201, description: 'Registered', schema: OPENAPI_SCHEMAS.Dossier })
  @ApiResponse({
    status: 200,
    description: 'Already registered with this Idempotency-Key',
    schema: OPENAPI_SCHEMAS.Dossier,
  })
  @problem(400, 'Invalid request; `errors` names each field')
  @problem(409, 'An INSZ is already registered in an open dossier')
  @problem(422, 'The Idempotency-Key was used with another body')
  async create(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Dossier> {
    const input = parseBody(createDossierSchema, body);
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{8,200}$/.test(idempotencyKey)) {
      throw problems.validation([
        {
          field: 'header:Idempotency-Key',
          code: 'invalid-idempotency-key',
          message: 'must be 8 to 200 visible ASCII characters (a UUID is a good choice)',
        },
      ]);
    }
    const result = await this.registration.register(
      actorFrom(principal, request, STAFF),
      input,
      idempotencyKey,
    );
    response.status(result.created ? 201 : 200);
    response.setHeader('Location', `/api/v1/dossiers/${result.dossier.id}`);
    response.setHeader('ETag', etagOf(result.dossier.version));
    return result.dossier;
  }

  @Get()
  @Roles(...STAFF)
  @ApiOperation({ summary: 'List dossiers, newest first (paginated)' })
  @ApiResponse({ status: 200, schema: OPENAPI_SCHEMAS.DossierPage })
  list(@Query() query: unknown, @CurrentPrincipal() principal: Principal, @Req() request: Request) {
    const options = parseBody(listQuerySchema, query);
    return this.queries.list(actorFrom(principal, request, STAFF), {
      limit: options.limit,
      offset: options.offset,
      ...(options.status === undefined ? {} : { status: options.status }),
    });
  }

  @Post('search')
  @HttpCode(200)
  @Roles(...STAFF)
  @ApiOperation({
    summary: 'Find dossiers by INSZ or by name and birth date',
    description:
      'A POST so that the INSZ and names never appear in URLs (and so in access logs). Exact matches through keyed blind indexes.',
  })
  @ApiBody({ schema: OPENAPI_SCHEMAS.SearchDossiers })
  @ApiResponse({ status: 200, schema: { type: 'array', items: OPENAPI_SCHEMAS.Dossier } })
  search(@Body() body: unknown, @CurrentPrincipal() principal: Principal, @Req() request: Request) {
    return this.queries.search(
      actorFrom(principal, request, STAFF),
      parseBody(searchDossiersSchema, body),
    );
  }

  @Get(':id')
  @Roles(...STAFF)
  @ApiOperation({ summary: 'Read a dossier (audited)' })
  @ApiResponse({
    status: 200,
    schema: OPENAPI_SCHEMAS.Dossier,
    headers: { ETag: { description: 'The version, for If-Match' } },
  })
  @problem(404, 'No such dossier')
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Dossier> {
    const dossier = await this.queries.get(actorFrom(principal, request, STAFF), id);
    response.setHeader('ETag', etagOf(dossier.version));
    return dossier;
  }

  @Patch(':id')
  @Roles(...STAFF)
  @ifMatch
  @ApiOperation({ summary: 'Change the reception address or consent' })
  @ApiBody({ schema: OPENAPI_SCHEMAS.UpdateDossier })
  @ApiResponse({ status: 200, schema: OPENAPI_SCHEMAS.Dossier })
  @problem(412, 'The dossier changed since the given ETag')
  @problem(428, 'If-Match is missing')
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatchHeader: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Dossier> {
    const version = versionFromIfMatch(ifMatchHeader);
    const change = parseBody(updateDossierSchema, body);
    return this.withEtag(
      response,
      this.changes.update(actorFrom(principal, request, STAFF), id, version, change),
    );
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(...STAFF)
  @ifMatch
  @ApiOperation({ summary: 'Close a dossier (it is anonymised after the retention period)' })
  @ApiBody({ schema: OPENAPI_SCHEMAS.CloseDossier })
  @ApiResponse({ status: 200, schema: OPENAPI_SCHEMAS.Dossier })
  @problem(412, 'The dossier changed since the given ETag')
  async close(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatchHeader: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Dossier> {
    const version = versionFromIfMatch(ifMatchHeader);
    const input = parseBody(closeDossierSchema, body);
    return this.withEtag(
      response,
      this.changes.close(actorFrom(principal, request, STAFF), id, version, input),
    );
  }

  @Post(':id/members')
  @Roles(...STAFF)
  @ifMatch
  @ApiOperation({ summary: 'Add a member to the household' })
  @ApiBody({ schema: OPENAPI_SCHEMAS.Person })
  @ApiResponse({ status: 201, schema: OPENAPI_SCHEMAS.Dossier })
  async addMember(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatchHeader: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Dossier> {
    const version = versionFromIfMatch(ifMatchHeader);
    const input = parseBody(personRequestSchema.omit({ isReference: true }), body);
    return this.withEtag(
      response,
      this.changes.addMember(actorFrom(principal, request, STAFF), id, version, input),
    );
  }

  @Patch(':id/members/:personId')
  @Roles(...STAFF)
  @ifMatch
  @ApiOperation({
    summary: "Change a member's data or needs (identity changes are verified again)",
  })
  @ApiBody({ schema: OPENAPI_SCHEMAS.UpdatePerson })
  @ApiResponse({ status: 200, schema: OPENAPI_SCHEMAS.Dossier })
  async updateMember(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('personId', ParseUUIDPipe) personId: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatchHeader: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Dossier> {
    const version = versionFromIfMatch(ifMatchHeader);
    const change = parseBody(updatePersonSchema, body);
    return this.withEtag(
      response,
      this.changes.updateMember(
        actorFrom(principal, request, STAFF),
        id,
        version,
        personId,
        change,
      ),
    );
  }

  @Delete(':id/members/:personId')
  @Roles(...STAFF)
  @ifMatch
  @ApiOperation({ summary: 'Remove a member who left the household (not the reference person)' })
  @ApiResponse({ status: 200, schema: OPENAPI_SCHEMAS.Dossier })
  async removeMember(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('personId', ParseUUIDPipe) personId: string,
    @Headers('if-match') ifMatchHeader: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Dossier> {
    const version = versionFromIfMatch(ifMatchHeader);
    return this.withEtag(
      response,
      this.changes.removeMember(actorFrom(principal, request, STAFF), id, version, personId),
    );
  }

  @Post(':id/placement-request')
  @HttpCode(202)
  @Roles(...STAFF)
  @ifMatch
  @ApiOperation({
    summary: 'Ask housing for a reception place',
    description: 'Accepted; the dossier shows the place or the reason once housing answers.',
  })
  @ApiResponse({ status: 202, schema: OPENAPI_SCHEMAS.Dossier })
  async requestPlacement(
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('if-match') ifMatchHeader: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Dossier> {
    const version = versionFromIfMatch(ifMatchHeader);
    return this.withEtag(
      response,
      this.changes.requestPlacement(actorFrom(principal, request, STAFF), id, version),
    );
  }

  @Post(':id/members/:personId/course-search')
  @HttpCode(202)
  @Roles(...STAFF)
  @ifMatch
  @ApiOperation({ summary: 'Search Dutch-course offers near the reception address again' })
  @ApiResponse({ status: 202, schema: OPENAPI_SCHEMAS.Dossier })
  async searchCourses(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('personId', ParseUUIDPipe) personId: string,
    @Headers('if-match') ifMatchHeader: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Dossier> {
    const version = versionFromIfMatch(ifMatchHeader);
    return this.withEtag(
      response,
      this.changes.searchCourses(actorFrom(principal, request, STAFF), id, version, personId),
    );
  }

  @Post(':id/members/:personId/course-enrolment')
  @HttpCode(202)
  @Roles(...STAFF)
  @ifMatch
  @ApiOperation({
    summary: 'Enrol an adult in a lesson moment of a Dutch-course offer found for them',
    description:
      'Accepted; DAVINCI confirms or refuses (full, not eligible) and the person shows the enrolment, its placement and payment status. The same offer and lesson moment asked twice is one enrolment.',
  })
  @ApiBody({ schema: OPENAPI_SCHEMAS.CourseEnrolment })
  @ApiResponse({ status: 202, schema: OPENAPI_SCHEMAS.Dossier })
  @problem(
    409,
    'Not an adult, birth date incomplete, unknown offer or lesson moment, or already asked',
  )
  async requestEnrolment(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('personId', ParseUUIDPipe) personId: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatchHeader: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Dossier> {
    const version = versionFromIfMatch(ifMatchHeader);
    const input = parseBody(courseEnrolmentSchema, body);
    return this.withEtag(
      response,
      this.changes.requestEnrolment(actorFrom(principal, request, STAFF), id, version, personId, {
        offerId: input.offerId,
        lessonMomentId: input.lessonMomentId,
        ...(input.feeExemptionRequested === undefined
          ? {}
          : { feeExemptionRequested: input.feeExemptionRequested }),
      }),
    );
  }

  private async withEtag(response: Response, work: Promise<Dossier>): Promise<Dossier> {
    const dossier = await work;
    response.setHeader('ETag', etagOf(dossier.version));
    return dossier;
  }
}
