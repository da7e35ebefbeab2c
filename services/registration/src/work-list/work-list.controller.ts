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
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { CurrentPrincipal, Roles, type Principal } from '@toevlucht/security';
import { actorFrom } from '@toevlucht/security';
import { parseBody } from '@toevlucht/runtime';
import { WORK_ITEM_KINDS, WorkList } from './work-list';
import { STAFF } from '../http/roles';

const kinds = Object.keys(WORK_ITEM_KINDS) as [string, ...string[]];
const querySchema = z.object({
  kind: z.enum(kinds).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const resolveSchema = z.object({ remark: z.string().trim().min(1).max(500).optional() }).strict();

@ApiTags('work list')
@ApiBearerAuth()
@Controller('api/v1/work-list')
export class WorkListController {
  constructor(@Inject(WorkList) private readonly workList: WorkList) {}

  @Get()
  @Roles(...STAFF)
  @ApiOperation({
    summary: 'Open data-quality items, oldest first',
    description: `Kinds: ${Object.entries(WORK_ITEM_KINDS)
      .map(([kind, text]) => `\`${kind}\`: ${text}`)
      .join(' ')}`,
  })
  @ApiResponse({ status: 200, description: 'A page of work items' })
  list(@Query() query: unknown, @CurrentPrincipal() principal: Principal, @Req() request: Request) {
    const options = parseBody(querySchema, query);
    return this.workList.open(actorFrom(principal, request, STAFF), {
      limit: options.limit,
      offset: options.offset,
      ...(options.kind === undefined ? {} : { kind: options.kind }),
    });
  }

  @Post(':id/resolve')
  @HttpCode(204)
  @Roles(...STAFF)
  @ApiOperation({ summary: 'Mark a work item as dealt with' })
  @ApiResponse({ status: 204, description: 'Resolved' })
  async resolve(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
  ): Promise<void> {
    const input = parseBody(resolveSchema, body ?? {});
    await this.workList.resolve(actorFrom(principal, request, STAFF), id, input.remark);
  }
}
