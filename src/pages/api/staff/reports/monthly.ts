import type { APIRoute } from 'astro';
import { invalidInput, json } from '../../../../lib/api/http';
import { requireStaff } from '../../../../lib/api/staff';
import { config, monthlyReportFor } from '../../../../lib/feedback/feedback.server';
import { monthSchema } from '../../../../lib/feedback/reports';
import { localMonth } from '../../../../lib/time/mall-time';
import { z } from 'astro/zod';

const querySchema = z.strictObject({ month: monthSchema.optional() });

/** GET /api/staff/reports/monthly?month=YYYY-MM: the monthly figures (the same as the page and the CSV). */
export const GET = (async ({ locals, url }) => {
  const user = requireStaff(locals, 'reports.view');
  if (user instanceof Response) return user;
  const parsed = querySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return invalidInput(parsed.error);
  const now = Date.now();
  const month = parsed.data.month ?? localMonth(now, config.timeZone);
  return json(await monthlyReportFor(month, now));
}) satisfies APIRoute;
