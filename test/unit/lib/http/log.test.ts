import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { logRequest } from '../../../../src/lib/http/log.js';
import type { IncomingMessage, ServerResponse } from 'node:http';

describe('logRequest', () => {
  it.each([
    ['/kiosk/status?t=FK20261122-0001&c=123456', 200, '/kiosk/status', 'info'],
    ['/api/feedback', 400, '/api/feedback', 'warn'],
    ['/api/health', 503, '/api/health', 'error'],
  ])('%s → one JSON line without the query', (url, status, route, level) => {
    const lines: string[] = [];
    const res = Object.assign(new EventEmitter(), { statusCode: status }) as unknown as ServerResponse;
    logRequest({ url, method: 'GET' } as IncomingMessage, res, (l) => lines.push(l));
    res.emit('finish');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]);
    expect(entry).toEqual({
      time: expect.any(String),
      level,
      event: 'request',
      method: 'GET',
      route,
      status,
      durationMs: expect.any(Number),
    });
    expect(lines[0]).not.toContain('123456');
  });
});
