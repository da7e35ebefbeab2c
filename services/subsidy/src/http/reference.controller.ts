import { Body, Controller, Get, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal, Roles, type Principal } from '@toevlucht/security';
import { PLACE_TYPES } from '../domain/place-types';
import { ReferenceData } from '../tariffs/reference-data';
import { OPENAPI_SCHEMAS } from './openapi-schemas';
import { parseBody } from '@toevlucht/runtime';
import { beneficiarySchema, createTariffSchema, nisCodeSchema } from './request-schemas';

const problem = (status: number, description: string) =>
  ApiResponse({
    status,
    description,
    content: { 'application/problem+json': { schema: OPENAPI_SCHEMAS.Problem } },
  });

@ApiTags('tariffs and accounts')
@ApiBearerAuth()
@problem(401, 'No valid bearer token')
@problem(403, 'The token has no role that may call this route')
@Controller('api/v1')
export class ReferenceController {
  constructor(@Inject(ReferenceData) private readonly reference: ReferenceData) {}

  @Get('tariffs')
  @Roles('beheerder', 'centrale-validator', 'gemeentelijk-coordinator')
  @ApiOperation({ summary: 'The tariff history, per place type, oldest first' })
  @ApiResponse({ status: 200, schema: { type: 'array', items: OPENAPI_SCHEMAS.Tariff } })
  tariffs(@Query() query: unknown) {
    const { placeType } = parseBody(z.object({ placeType: z.enum(PLACE_TYPES).optional() }), query);
    return this.reference.tariffs(placeType);
  }

  @Post('tariffs')
  @Roles('beheerder')
  @ApiOperation({
    summary: 'Record a tariff from a date on',
    description:
      'Tariffs are never changed: a new one takes over from its date; one with the same place type and date as an earlier one corrects it. Claims keep the amounts they were calculated with, so an approved claim never changes.',
  })
  @ApiBody({ schema: OPENAPI_SCHEMAS.CreateTariff })
  @ApiResponse({ status: 201, schema: OPENAPI_SCHEMAS.Tariff })
  @problem(400, 'Invalid request; `errors` names each field')
  addTariff(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const input = parseBody(createTariffSchema, body);
    return this.reference.addTariff(principal.subject, {
      placeType: input.placeType,
      validFrom: input.validFrom,
      dailyCents: input.dailyCents,
      ...(input.note === undefined ? {} : { note: input.note }),
    });
  }

  @Get('beneficiaries/:nisCode')
  @Roles('beheerder', 'centrale-validator')
  @ApiOperation({ summary: "A municipality's account for subsidy payments" })
  @ApiResponse({ status: 200, schema: OPENAPI_SCHEMAS.Beneficiary })
  @problem(404, 'No account configured')
  beneficiary(@Param('nisCode') nisCode: string) {
    return this.reference.beneficiary(parseBody(nisCodeSchema, nisCode));
  }

  @Put('beneficiaries/:nisCode')
  @Roles('beheerder')
  @ApiOperation({ summary: "Set a municipality's account (IBAN checked)" })
  @ApiBody({ schema: OPENAPI_SCHEMAS.Beneficiary })
  @ApiResponse({ status: 200, schema: OPENAPI_SCHEMAS.Beneficiary })
  @problem(400, 'Invalid IBAN, BIC or name')
  setBeneficiary(
    @Param('nisCode') nisCode: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ) {
    const input = parseBody(beneficiarySchema, body);
    return this.reference.setBeneficiary(principal.subject, parseBody(nisCodeSchema, nisCode), {
      name: input.name,
      iban: input.iban,
      ...(input.bic === undefined ? {} : { bic: input.bic }),
    });
  }
}
