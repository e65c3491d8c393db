/**
 * POST /api/returns/check: can this item go back? Thin over src/lib/returns (the contract is in
 * README.md, "Return check API"). Answers 200 with the decision, 400 invalid_input naming
 * every bad field.
 */
import type { APIRoute } from 'astro';
import { invalidInput, json, readJsonBody } from '../../../lib/api/http';
import { checkReturn } from '../../../lib/returns/returns';
import { checkContext } from '../../../lib/returns/returns.server';
import { mallToday } from '../../../lib/time/mall-clock';
import { CHECK_REQUEST_LABELS, checkRequestSchema } from '../../../lib/returns/schema';

export const prerender = false;

export const POST = (async ({ request }) => {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = checkRequestSchema(mallToday()).safeParse(body.value);
  if (!parsed.success) return invalidInput(parsed.error, CHECK_REQUEST_LABELS);
  return json(checkReturn(parsed.data, await checkContext()));
}) satisfies APIRoute;
