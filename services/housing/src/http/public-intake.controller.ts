import { Body, Controller, Headers, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { parseBody, ProblemException } from '@toevlucht/runtime';
import { Public, type Actor } from '@toevlucht/security';
import { IntakeRateLimit } from '../intake/intake-rate-limit';
import { offerSubmissionSchema } from '../offers/offer-request.schema';
import { SubmitOffer } from '../offers/submit-offer';
import { problem } from './api-docs';
import { OPENAPI_SCHEMAS } from './openapi-schemas';

/** An offer is a few hundred bytes; anything near the global 256 KB limit is not an offer. */
export const INTAKE_MAX_BYTES = 16 * 1024;

/**
 * The public intake: anyone may offer housing, without a token. Rate limited per client IP
 * before anything else is looked at; the answer is only the confirmation reference, never the
 * stored data (the caller is not identified, so nothing personal is read back).
 */
@ApiTags('public intake')
@Controller('api/v1/public/offers')
export class PublicIntakeController {
  constructor(
    @Inject(SubmitOffer) private readonly submitting: SubmitOffer,
    @Inject(IntakeRateLimit) private readonly rateLimit: IntakeRateLimit,
  ) {}

  @Post()
  @Public()
  @ApiOperation({
    summary: 'Offer housing (no token)',
    description: `Validated like a coordinator's entry; the municipality follows from the postcode. Bodies over ${INTAKE_MAX_BYTES} bytes are refused (413). Rate limited per client IP (429 with Retry-After).`,
  })
  @ApiBody({ schema: OPENAPI_SCHEMAS.OfferSubmission })
  @ApiResponse({
    status: 201,
    description: 'Received; keep the reference',
    schema: OPENAPI_SCHEMAS.OfferReceipt,
  })
  @ApiHeader({ name: 'Retry-After', required: false, description: 'On 429: seconds to wait' })
  @problem(400, 'Invalid offer; `errors` names each field')
  @problem(413, 'The body is too large')
  @problem(429, 'Too many offers from this address')
  async submit(
    @Body() body: unknown,
    @Headers('content-length') contentLength: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ reference: string; status: 'ingediend' }> {
    this.rateLimit.take(request, response);
    if (Number(contentLength ?? 0) > INTAKE_MAX_BYTES) {
      throw new ProblemException(
        413,
        'payload-too-large',
        'Content Too Large',
        `an offer is at most ${INTAKE_MAX_BYTES} bytes`,
      );
    }
    const input = parseBody(offerSubmissionSchema, body);
    const actor: Actor = {
      subject: 'public-intake',
      role: 'public',
      route: 'POST /api/v1/public/offers',
    };
    const { offer } = await this.submitting.submit(actor, input, 'public-intake', {
      everywhere: true,
    });
    response.status(201);
    return { reference: offer.reference, status: 'ingediend' };
  }
}
