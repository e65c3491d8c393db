import type { APIRoute } from 'astro';
import { apiError } from '../../../lib/api/http';
import { can } from '../../../lib/auth/roles';
import { bilingual, ZH_CN, type StaffKey } from '../../../lib/i18n/dict';
import { config, levelName, monthlyCsvFor, nameOf } from '../../../lib/feedback/feedback.server';
import { CSV_CONTENT_TYPE } from '../../../lib/csv/csv';
import { monthSchema } from '../../../lib/feedback/reports';
import { formatLocalDateTime, localMonth } from '../../../lib/time/mall-time';

const zh = ZH_CN;

/** GET /staff/reports/export.csv?month=YYYY-MM: the month's tickets for Excel (UTF-8 with BOM). */
export const GET = (async ({ locals, url }) => {
  if (!can(locals.user, 'reports.view')) return apiError(403, 'forbidden', bilingual('reports.forbidden'));
  const asked = monthSchema.safeParse(url.searchParams.get('month'));
  const now = Date.now();
  const month = asked.success ? asked.data : localMonth(now, config.timeZone);
  const csv = await monthlyCsvFor(
    month,
    {
    kind: (k) => zh[`feedback.kind.${k}`],
    status: (s) => zh[`feedback.state.${s}`],
    category: (id) => nameOf('category', id),
    tenant: (id) => nameOf('tenant', id),
    department: (id) => nameOf('department', id),
    urgency: (u) => zh[`tickets.urgency.${u}` as StaffKey],
    level: levelName,
    formatTime: (ms) => formatLocalDateTime(ms, config.timeZone),
    },
    now,
  );
  return new Response(csv, {
    headers: {
      'Content-Type': CSV_CONTENT_TYPE,
      'Content-Disposition': `attachment; filename="feedback-${month}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}) satisfies APIRoute;
