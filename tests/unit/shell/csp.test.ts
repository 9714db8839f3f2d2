import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../electron/web/csp.js';
import { builtRenderer } from '../../helpers/built-renderer.js';

/**
 * The Content-Security-Policy as the app ships it: read from the BUILT page's meta tag and from the constant the
 * app:// protocol and the web harness send as a header (electron/web/csp.ts). No inline script or eval, nothing
 * remote, and `connect-src` to the page's own origin only (sync to the hub runs in the main process, not the page).
 */
type Policy = Map<string, string[]>;
const parse = (csp: string): Policy =>
  new Map(
    csp
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name = '', ...sources] = d.split(/\s+/);
        return [name.toLowerCase(), sources];
      }),
  );

let built: string;
let meta: Policy;
const header = parse(CONTENT_SECURITY_POLICY);

beforeAll(async () => {
  built = await builtRenderer();
  const html = readFileSync(join(built, 'index.html'), 'utf8');
  const tag = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  expect(tag, 'the built page carries its CSP in a meta tag').not.toBeNull();
  meta = parse(tag![1]!);
}, 60_000);

describe.each([
  ['the built page', () => meta],
  ['the protocol and harness header', () => header],
] as const)('%s', (_where, policy) => {
  it("allows no 'unsafe-inline', 'unsafe-eval', 'unsafe-hashes', 'wasm-unsafe-eval', wildcard or remote source", () => {
    for (const [name, sources] of policy()) {
      for (const source of sources) {
        expect(source, `${name} ${source}`).not.toMatch(/unsafe|^\*$|^https?:|^wss?:|^blob:|^filesystem:/);
      }
    }
  });

  it("connects to its own origin only: connect-src 'self'", () => {
    expect(policy().get('connect-src')).toEqual(["'self'"]);
  });

  it("loads scripts, styles and everything by default from 'self' alone, and no plug-ins or base", () => {
    expect(policy().get('default-src')).toEqual(["'self'"]);
    expect(policy().get('script-src')).toEqual(["'self'"]);
    expect(policy().get('style-src')).toEqual(["'self'"]);
    expect(policy().get('object-src')).toEqual(["'none'"]);
    expect(policy().get('base-uri')).toEqual(["'none'"]);
  });
});

describe('the built page and the header', () => {
  it('state the same policy (a meta tag cannot carry frame-ancestors; the header does)', () => {
    const withoutFraming = new Map([...header].filter(([name]) => name !== 'frame-ancestors'));
    expect(meta).toEqual(withoutFraming);
    expect(header.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('hold no inline script or inline event handler that the policy would have to allow', () => {
    const html = readFileSync(join(built, 'index.html'), 'utf8');
    for (const script of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      expect(script[1], 'every script is a file').toMatch(/\bsrc="/);
      expect(script[2]?.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/<style\b/i);
  });
});
