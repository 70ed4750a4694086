import { test, expect, open, signInAsAdmin, Page } from './helpers';

// The site's code is downloaded once: compressed (brotli), under names that
// carry the content's hash, kept for a year; a repeat visit downloads no code.

type Fetched = { url: string; bytes: number; encoding: string; cacheControl: string };

/// Every .wasm and .js of the site the page loads from now on, with the bytes
/// that came over the network (0 when served from the browser's cache).
async function recordCode(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const byId = new Map<string, Fetched>();
  const fetched: Fetched[] = [];
  cdp.on('Network.responseReceived', (e) => {
    if (!/\/pkg\/.*\.(wasm|js)$/.test(e.response.url)) return;
    const headers = Object.fromEntries(
      Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]),
    );
    const f = {
      url: e.response.url,
      bytes: 0,
      encoding: headers['content-encoding'] ?? '',
      cacheControl: headers['cache-control'] ?? '',
    };
    byId.set(e.requestId, f);
    fetched.push(f);
  });
  cdp.on('Network.loadingFinished', (e) => {
    const f = byId.get(e.requestId);
    if (f) f.bytes = e.encodedDataLength;
  });
  return fetched;
}

test('code comes compressed and hashed, and a repeat visit downloads none of it', async ({ page }) => {
  const first = await recordCode(page);
  await signInAsAdmin(page);
  await open(page, '/members');
  // The app's files: the wasm and its JavaScript.
  const main = first.filter((f) => /\/pkg\/membership\.[\w-]+\.wasm$/.test(f.url));
  expect(main.some((f) => f.bytes > 0 && f.encoding === 'br'), JSON.stringify(first)).toBe(true);
  for (const f of first) {
    expect(f.cacheControl, f.url).toContain('immutable');
    if (f.url.endsWith('.wasm') && f.bytes > 0) expect(f.encoding, f.url).toBe('br');
  }

  const again = await recordCode(page);
  await open(page, '/members');
  expect(again.length).toBeGreaterThan(0);
  const downloaded = again.filter((f) => f.bytes > 0);
  expect(downloaded, 'code downloaded again on a repeat visit').toEqual([]);
});
