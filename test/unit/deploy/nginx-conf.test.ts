/**
 * The shipped nginx configuration (deploy/nginx/service-desk.conf) and the harness that renders it
 * for tests (test/support/nginx.ts): what the file must say, and that rendering swaps only the
 * marked lines. test/e2e/nginx.spec.ts runs the rendered file.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { BASE_HEADERS, DEFAULT_CSP } from '../../../src/lib/http/security.js';
import { mainConf, NGINX_TEMPLATE, renderServiceDeskConf } from '../../support/nginx';

const shipped = readFileSync(NGINX_TEMPLATE, 'utf8');
/** The directives, without comments. */
const directives = shipped
  .split('\n')
  .map((l) => l.replace(/#.*$/, '').trim())
  .filter(Boolean)
  .join('\n');

describe('deploy/nginx/service-desk.conf', () => {
  it.each([
    ['balances over the nodes with keepalive', /upstream service_desk \{\n(least_conn;\n)?server /],
    ['keeps idle connections to the nodes', /^keepalive \d+;$/m],
    [
      'speaks HTTP/1.1 to the nodes with no Connection header (keepalive)',
      /proxy_http_version 1\.1;\nproxy_set_header Connection "";/,
    ],
    ['replaces X-Forwarded-For with the address it sees', /^proxy_set_header X-Forwarded-For \$remote_addr;$/m],
    ['passes the scheme', /^proxy_set_header X-Forwarded-Proto \$scheme;$/m],
    ['serves the pre-compressed files', /^gzip_static on;$/m],
    [
      'caches hashed assets for a year',
      /location \^~ \/_astro\/ \{\nadd_header Cache-Control "public, max-age=31536000, immutable" always;/,
    ],
    ['limits bodies like the app (1 MB)', /^client_max_body_size 1m;$/m],
    [
      'leaves the search index to the node',
      /location \^~ \/_astro\/search-index\. \{\nproxy_pass http:\/\/service_desk;\n\}/,
    ],
  ])('%s', (_what, pattern) => expect(directives).toMatch(pattern));

  it('sends with the files it serves the headers the node sends with files (src/lib/http/security.js)', () => {
    const blocks = directives
      .split(/\nlocation /)
      .filter((b) => /^[^\n]* \{\nadd_header/.test(b) && b.includes('try_files'));
    expect(blocks.length).toBe(2);
    for (const block of blocks) {
      for (const [name, value] of Object.entries({ ...BASE_HEADERS, 'Content-Security-Policy': DEFAULT_CSP }))
        expect(block).toMatch(
          new RegExp(`^add_header ${name} "?${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"? always;$`, 'm'),
        );
    }
  });

  it('limits request bodies exactly as the Node adapter does (astro.config.mjs bodySizeLimit)', () => {
    const astroConfig = readFileSync(new URL('../../../astro.config.mjs', import.meta.url), 'utf8');
    expect(astroConfig).toMatch(/bodySizeLimit: 1024 \* 1024\b/);
  });

  it('never appends to a client-sent X-Forwarded-For (the node reads its first entry)', () => {
    expect(directives).not.toContain('$proxy_add_x_forwarded_for');
  });

  it('names TLS certificate paths and HSTS in comments', () => {
    expect(shipped).toMatch(/#\s+ssl_certificate\s+\/etc\/ssl\//);
    expect(shipped).toMatch(/#\s+add_header Strict-Transport-Security/);
  });
});

describe('renderServiceDeskConf', () => {
  const rendered = renderServiceDeskConf(shipped, {
    upstreams: [5001, '10.0.0.2:4321', 5003],
    listen: '127.0.0.1:8089',
    clientDir: '/tmp/build/client',
  });

  it('puts one server line per node, with the shipped parameters', () => {
    expect(rendered.match(/^ *server [^\n]+;$/gm)).toEqual([
      '    server 127.0.0.1:5001 max_fails=3 fail_timeout=10s;',
      '    server 10.0.0.2:4321 max_fails=3 fail_timeout=10s;',
      '    server 127.0.0.1:5003 max_fails=3 fail_timeout=10s;',
    ]);
  });

  it('listens where told, on IPv4 only, and serves the given build', () => {
    expect(rendered.match(/^ *listen [^\n]+;$/gm)).toEqual(['    listen 127.0.0.1:8089;']);
    expect(rendered.match(/^ *root [^\n]+;$/gm)).toEqual(['    root /tmp/build/client;']);
  });

  it('changes nothing else', () => {
    const strip = (s: string) =>
      s
        .split('\n')
        .filter((l) => !/^ *(server \S+ max_fails|listen |root |# (BEGIN|END) app nodes)/.test(l))
        .join('\n');
    expect(strip(rendered)).toBe(strip(shipped));
  });

  it.each([
    ['without the node markers', shipped.replace('# BEGIN app nodes', '# app nodes'), /BEGIN app nodes/],
    ['without a listen 80 line', shipped.replace('listen 80;', 'listen 8080;'), /listen 80/],
    ['with two roots', shipped.replace(/(root [^\n]+;)/, '$1\n    root /srv;'), /one root line/],
  ])('refuses a template %s', (_what, template, message) => {
    expect(() => renderServiceDeskConf(template, { upstreams: [1], listen: '127.0.0.1:1', clientDir: '/x' })).toThrow(
      message,
    );
  });

  it('refuses an empty list of nodes', () => {
    expect(() => renderServiceDeskConf(shipped, { upstreams: [], listen: '127.0.0.1:1', clientDir: '/x' })).toThrow(
      /at least one upstream/,
    );
  });
});

describe('mainConf', () => {
  it('keeps every path nginx writes inside the temporary directory', () => {
    const conf = mainConf('/tmp/ngx-1', false);
    for (const line of conf.split('\n').filter((l) => /_path |_log /.test(l))) expect(line).toMatch(/ \/tmp\/ngx-1\//);
    expect(conf).toContain('include /tmp/ngx-1/service-desk.conf;');
    expect(conf).not.toContain('user ');
    expect(mainConf('/tmp/ngx-1', true)).toMatch(/^user root;$/m);
  });
});
