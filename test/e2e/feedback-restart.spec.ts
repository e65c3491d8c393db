/** 200 concurrent submissions → 200 distinct tickets, all still there after a server restart. */
import { expect, test } from '@playwright/test';
import { startServer } from './server';

test('200 concurrent POSTs make 200 distinct tickets that survive a restart', async () => {
  test.setTimeout(120_000);
  const env = { FEEDBACK_RATE_LIMIT: '0' };
  let server = await startServer({ env });
  try {
    const responses = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const res = await fetch(`${server.url}/api/feedback`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            kind: 'suggestion',
            category: 'other',
            description: `第 ${i} 条并发提交的建议内容。`,
          }),
        });
        return { status: res.status, body: await res.json() };
      }),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(201));
    const numbers = responses.map((r) => r.body.ticketNo as string);
    expect(new Set(numbers).size).toBe(200);

    await server.stop();
    server = await startServer({ env, dataDir: server.dataDir });

    const found = await Promise.all(
      responses.map(async ({ body }) => {
        const res = await fetch(`${server.url}/api/feedback/${body.ticketNo}?code=${body.verifyCode}`);
        return res.status;
      }),
    );
    expect(found).toEqual(Array(200).fill(200));
  } finally {
    await server.stop();
  }
});
