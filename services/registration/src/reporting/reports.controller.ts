import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { CurrentPrincipal, Roles, type Principal } from '@toevlucht/security';
import { actorFrom } from '@toevlucht/security';
import { parseBody } from '@toevlucht/runtime';
import { NeedsReport } from './needs-report';
import { REPORT_DIMENSIONS } from './referral-needs';
import { reportToCsv } from './report-csv';
import { REPORT_READERS as READERS } from '../http/roles';

const querySchema = z.object({
  groupBy: z
    .string()
    .default('')
    .transform((raw) => (raw === '' ? [] : raw.split(',').map((part) => part.trim())))
    .pipe(
      z
        .array(z.enum(REPORT_DIMENSIONS))
        .max(4)
        .refine((list) => new Set(list).size === list.length, 'a dimension can appear only once'),
    ),
  format: z.enum(['json', 'csv']).default('json'),
});

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('api/v1/reports')
export class ReportsController {
  constructor(@Inject(NeedsReport) private readonly report: NeedsReport) {}

  @Get('referral-needs')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Counts of referral needs, never individual rows',
    description:
      'Grouped by need and up to four of ageBand, gender, postcode, municipality, eerstelijnszone. Cells counting 1 to REPORT_MIN_CELL−1 persons are suppressed, and so are as many others as needed so that no suppressed cell can be recovered from the published subtotals and total. Usable as a Power BI web source (format=csv).',
  })
  @ApiQuery({ name: 'groupBy', required: false, example: 'ageBand,eerstelijnszone' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiResponse({ status: 200, description: 'The suppressed table' })
  async referralNeeds(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const options = parseBody(querySchema, query);
    const table = await this.report.build(actorFrom(principal, request, READERS), options.groupBy);
    if (options.format === 'csv') {
      response.type('text/csv; charset=utf-8');
      response.setHeader('Content-Disposition', 'attachment; filename="referral-needs.csv"');
      return reportToCsv(table);
    }
    return {
      dimensions: table.dimensions,
      threshold: table.threshold,
      rows: table.cells.map((cell) => ({
        ...Object.fromEntries(table.dimensions.map((d, i) => [d, cell.key[i] ?? null])),
        count: cell.count,
        suppressed: cell.suppressed,
      })),
    };
  }
}
