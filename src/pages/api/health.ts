import type { APIRoute } from 'astro';
import { json } from '../../lib/api/http';
import { checkHealth } from '../../lib/ops/health.server';

/** GET /api/health: 200 when healthy, 503 when the store cannot be written (see docs/OPERATIONS.md). */
export const GET = (async () => {
  const health = await checkHealth();
  return json(health, health.status === 'ok' ? 200 : 503);
}) satisfies APIRoute;
