import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { errorFields, logRequest, redactQueries, structureOutput } from '../../../../src/lib/http/log.js';
import type { IncomingMessage, ServerResponse } from 'node:http';

describe('logRequest', () => {
  it.each([
    ['/kiosk/status?t=FK20261122-0001&c=123456', 200, '/kiosk/status', 'info'],
    ['/api/feedback', 400, '/api/feedback', 'warn'],
    ['/api/health', 503, '/api/health', 'error'],
  ])('%s → one JSON line without the query', (url, status, route, level) => {
    const lines: string[] = [];
    const res = Object.assign(new EventEmitter(), { statusCode: status }) as unknown as ServerResponse;
    const req = { url, method: 'GET', headers: {}, socket: { remoteAddress: '10.0.0.7' } };
    logRequest(req as unknown as IncomingMessage, res, (l) => lines.push(l));
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
      // Issue 16: access lines carry the client address, so floods and brute force can be traced.
      address: '10.0.0.7',
    });
    expect(lines[0]).not.toContain('123456');
  });
});

describe('every line one JSON object (issue 16)', () => {
  const capture = () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        chunks.push(String(chunk));
        done();
      },
    }) as unknown as NodeJS.WriteStream;
    structureOutput(stream, 'error');
    return { stream, chunks };
  };

  it('wraps a library’s plain message and its stack into one object, without the query string', () => {
    const { stream, chunks } = capture();
    stream.write(
      '\u001b[31m[ERROR]\u001b[39m Could not render /kiosk/status?t=FK20261129-0001&c=654321\n    at render (file.js:1:1)\n    at next (file.js:2:2)\n',
    );
    const lines = chunks.join('').split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({ level: 'error', event: 'output' });
    expect(entry.message).toContain('Could not render /kiosk/status?…');
    expect(entry.message).toContain('at next (file.js:2:2)');
    expect(lines[0]).not.toContain('654321');
    expect(lines[0]).not.toContain('\u001b');
  });

  it('passes our own JSON lines through unchanged', () => {
    const { stream, chunks } = capture();
    const own = '{"time":"2026-11-30T00:00:00.000Z","level":"info","event":"request"}\n';
    stream.write(own + own);
    expect(chunks.join('')).toBe(own + own);
  });

  it('puts the stack of an error inside the object, query strings redacted', () => {
    const error = new Error('Could not render /login?next=/%0B/x');
    const fields = errorFields(error);
    expect(fields.error).toBe('Error: Could not render /login?…');
    expect(fields.stack).toMatch(/^Error: Could not render \/login\?…\n\s+at /);
    expect(JSON.stringify(fields)).not.toContain('%0B');
  });

  it.each([
    ['GET /a/b?c=1&d=2 done', 'GET /a/b?… done'],
    ['http://x:4321/kiosk/status?t=1&c=2', 'http://x:4321/kiosk/status?…'],
    ['no query here', 'no query here'],
  ])('redactQueries(%j) = %j', (input, output) => expect(redactQueries(input)).toBe(output));
});
