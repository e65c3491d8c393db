import type { APIRoute } from 'astro';
import { apiError, invalidInput } from '../../lib/api/http';
import { can } from '../../lib/auth/roles';
import { bilingual } from '../../lib/i18n/dict';
import { config } from '../../lib/feedback/feedback.server';
import { CSV_CONTENT_TYPE } from '../../lib/csv/csv';
import { localMonth } from '../../lib/time/mall-time';
import { CHAIN, hqTallies } from '../../lib/hq/hq.server';
import { mallName } from '../../lib/hq/chain';
import { hqQuerySchema } from '../../lib/hq/schema';
import { hqSummaryOf, sortRows } from '../../lib/hq/summary';
import { hqCsv } from '../../lib/hq/table';

/** GET /hq/export.csv?month=YYYY-MM[&sort=&dir=]: the head office's table for Excel (UTF-8 with BOM). */
export const GET = (async ({ locals, url }) => {
  if (!can(locals.user, 'hq.view')) return apiError(403, 'forbidden', bilingual('hq.forbidden'));
  const parsed = hqQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return invalidInput(parsed.error);
  const now = Date.now();
  const month = parsed.data.month ?? localMonth(now, config.timeZone);
  const summary = hqSummaryOf(await hqTallies(month, now), month, config);
  const sort = parsed.data.sort ?? 'mall';
  const rows = sortRows(summary.malls, sort, parsed.data.dir ?? (sort === 'mall' ? 'asc' : 'desc'));
  return new Response(
    hqCsv(summary, rows, config, (id) => mallName(CHAIN, id)),
    {
      headers: {
        'Content-Type': CSV_CONTENT_TYPE,
        'Content-Disposition': `attachment; filename="hq-${month}.csv"`,
        'Cache-Control': 'no-store',
      },
    },
  );
}) satisfies APIRoute;
