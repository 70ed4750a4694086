import { test as base, expect, BrowserContext, Page } from '@playwright/test';

// What the suites share: a `test` that fails on any console error or uncaught
// page error in any page of the test, opening a page (after hydration), and
// signing in as the admin, setting the company up first when a suite runs alone.
export { expect };
export type { Page };
export const ADMIN = { username: 'boss', password: 'happy-island-88' };

/// The console errors and page errors of one test, and the refusals it expects.
type Watch = { errors: string[]; expected: Map<number, number>; allowed: RegExp[] };
const watches = new WeakMap<BrowserContext, Watch>();

/// Watches a page: every console error and uncaught error is remembered.
export function watch(page: Page) {
  const w = watches.get(page.context());
  if (!w) throw new Error('a page of an unwatched context');
  page.on('console', (m) => {
    if (m.type() === 'error') w.errors.push(`${page.url()} console: ${m.text()}`);
  });
  page.on('pageerror', (e) => w.errors.push(`${page.url()} page error: ${e.message}\n${e.stack ?? ''}`));
}

/// Watches every page of a context the test makes itself.
export function watchContext(context: BrowserContext) {
  watches.set(context, { errors: [], expected: new Map(), allowed: [] });
  context.pages().forEach(watch);
  context.on('page', watch);
}

/// Tells the watch that the test expects the server to refuse a request with
/// `status` (`times` times): the browser notes each refused request in the
/// console ("Failed to load resource: … status of 401"), and only these notes
/// are allowed.
export function expectRefusal(page: Page, status: number, times = 1) {
  const w = watches.get(page.context());
  if (!w) throw new Error('a page of an unwatched context');
  w.expected.set(status, (w.expected.get(status) ?? 0) + times);
}

/// Tells the watch that the browser itself will log errors matching `pattern`
/// (a WebSocket to a daemon the test stops says so in the console, whatever
/// the page does).
export function allowConsoleErrors(page: Page, pattern: RegExp) {
  const w = watches.get(page.context());
  if (!w) throw new Error('a page of an unwatched context');
  w.allowed.push(pattern);
}

/// Fails on what the watch saw that the test did not expect.
export function assertQuiet(context: BrowserContext) {
  const w = watches.get(context);
  if (!w) return;
  const unexpected = w.errors.filter((e) => {
    if (w.allowed.some((pattern) => pattern.test(e))) return false;
    const refused = /Failed to load resource: the server responded with a status of (\d{3})/.exec(e);
    if (!refused) return true;
    const status = Number(refused[1]);
    const left = w.expected.get(status) ?? 0;
    if (status >= 500 || left === 0) return true;
    w.expected.set(status, left - 1);
    return false;
  });
  expect(unexpected, 'console errors and page errors').toEqual([]);
}

export const test = base.extend<{ quiet: void }>({
  quiet: [
    async ({ context }, use) => {
      watchContext(context);
      await use();
      assertQuiet(context);
    },
    { auto: true },
  ],
});

/// A card reader's swipe: the keys `gapMs` apart and Enter, stamped with the
/// times a reader would give them. Key events sent one by one reach the page
/// when it gets to them, and on a loaded machine their own time stamps can lie
/// 50 ms apart, which is a person typing; the stamps given here are what the
/// page's wedge timing reads, as it reads a real reader's.
export async function swipe(page: Page, text: string, gapMs = 5) {
  const cdp = await page.context().newCDPSession(page);
  const start = Date.now() / 1000;
  const keys = [...text].map((ch) => ({ key: ch, text: ch, code: /[0-9]/.test(ch) ? `Digit${ch}` : `Key${ch.toUpperCase()}`, vk: ch.toUpperCase().charCodeAt(0) }));
  keys.push({ key: 'Enter', text: '\r', code: 'Enter', vk: 13 });
  for (const [n, k] of keys.entries()) {
    const timestamp = start + (n * gapMs) / 1000;
    await cdp.send('Input.dispatchKeyEvent', {
      type: 'keyDown', key: k.key, code: k.code, text: k.text, unmodifiedText: k.text,
      windowsVirtualKeyCode: k.vk, nativeVirtualKeyCode: k.vk, timestamp,
    });
    await cdp.send('Input.dispatchKeyEvent', {
      type: 'keyUp', key: k.key, code: k.code, windowsVirtualKeyCode: k.vk, nativeVirtualKeyCode: k.vk, timestamp: timestamp + 0.001,
    });
  }
  await cdp.detach();
}

export async function open(page: Page, path: string) {
  await page.goto(path);
  await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
}

export async function signInAsAdmin(page: Page) {
  await open(page, '/sign-in');
  if (page.url().endsWith('/setup')) {
    await page.locator('#setup-form input[name=company_name]').fill('欢乐岛儿童乐园');
    await page.locator('#setup-form input[name=head_office_name]').fill('总店');
    await page.locator('#setup-form input[name=admin_username]').fill(ADMIN.username);
    await page.locator('#setup-form input[name=admin_name]').fill('王老板');
    await page.locator('#setup-form input[name=admin_password]').fill(ADMIN.password);
    await page.locator('#setup-form input[name=admin_password_again]').fill(ADMIN.password);
    await page.locator('#setup-form button[type=submit]').click();
    // Set-up signs the admin in.
    await expect(page.locator('nav li.nav-members a')).toBeVisible();
    return;
  }
  await page.locator('#sign-in-form input[name=username]').fill(ADMIN.username);
  await page.locator('#sign-in-form input[name=password]').fill(ADMIN.password);
  await page.locator('#sign-in-form button[type=submit]').click();
  await expect(page.locator('nav li.nav-members a')).toBeVisible();
}

/// The till with an open shift (a float of 200 when it has to open one).
/// Makes this browser a till (S5), as a signed-in admin: adds a till at the
/// admin's store, then types its one-time code on the till page.
export async function pairThisBrowser(page: Page) {
  await open(page, '/settings/tills');
  const add = page.locator('#add-till-form');
  await add.locator('input[name=name]').fill(`前台 ${Date.now() % 1_000_000}`);
  await add.locator('button[type=submit]').click();
  const code = (await page.locator('#pairing-code').textContent()) ?? '';
  await open(page, '/till');
  await page.locator('#pair-till input[name=code]').fill(code);
  await page.locator('#pair-till button[type=submit]').click();
  await expect(page.locator('#pair-till')).toHaveCount(0);
}

export async function openTill(page: Page) {
  await open(page, '/till');
  const float = page.locator('#open-shift input[name=float]');
  const sale = page.locator('#sale');
  const pair = page.locator('#pair-till');
  await expect(float.or(sale).or(pair)).toBeVisible();
  if (await pair.isVisible()) {
    await pairThisBrowser(page);
    await expect(float.or(sale)).toBeVisible();
  }
  if (await float.isVisible()) {
    await float.fill('200');
    await page.locator('#open-shift button[type=submit]').click();
  }
  await expect(sale).toBeVisible();
}
