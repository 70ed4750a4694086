import AxeBuilder from '@axe-core/playwright';
import { test, expect, Page, ADMIN, expectRefusal, open, signInAsAdmin } from './helpers';

// Every route opened by its direct URL (a reload, so the page hydrates from the
// server's HTML) as each role, waiting for hydration: no console error, no page
// error, and no critical or serious accessibility violation (axe-core). Runs
// last, on the data the other suites made (member 1, card 1, slip 1, sale 1).
test.describe.configure({ mode: 'serial' });

const ROUTES = [
  '/',
  '/till',
  '/till/readers',
  '/till/shifts',
  '/shifts',
  '/receipts/1',
  '/receipts/1?paper=58',
  '/members',
  '/members?q=139',
  '/members/new',
  '/members/import',
  '/members/1',
  '/members/1/edit',
  '/cards',
  '/cards/1',
  '/slips/1',
  '/settings/shop',
  '/settings/plans',
  '/settings/member-fields',
  '/settings/catalogue',
  '/settings/levels',
  '/settings/stores',
  '/settings/staff',
  '/settings/payment-methods',
  '/settings/loyalty',
  '/settings/gifts',
  '/settings/promotions',
  '/settings/rebate',
  '/settings/backups',
  '/settings/tills',
  '/reports',
  '/reports/liability',
  '/reports/liability?as_of=2026-11-30',
  '/reports/clearing',
  '/reports/sales',
  '/reports/sales?first=2026-11-01&last=2026-11-30&page=1',
  '/reports/recharges',
  '/reports/audit',
  '/reports/audit?what=cards&which=S1001',
  '/reports/security?person=boss',
  '/account',
];

const PASSWORD = 'every-page-2026';
const ROLES = ['manager', 'cashier', 'finance', 'staff'];

async function signIn(page: Page, username: string, password: string) {
  await open(page, '/sign-in');
  await page.locator('#sign-in-form input[name=username]').fill(username);
  await page.locator('#sign-in-form input[name=password]').fill(password);
  await page.locator('#sign-in-form button[type=submit]').click();
  await expect(page.locator('header.top')).toBeVisible();
}

/// Opens the page, waits for hydration, and checks it with axe-core.
async function check(page: Page, path: string) {
  await open(page, path);
  await expect(page.locator('h1').first(), `${path}: an h1`).toBeVisible();
  const h1 = await page.locator('h1').count();
  expect(h1, `${path}: one h1`).toBe(1);
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = axe.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${path}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(bad, `${path}: accessibility`).toEqual([]);
}

test('the admin adds one staff member of every other role', async ({ page }) => {
  await signInAsAdmin(page);
  await open(page, '/settings/staff');
  for (const role of ROLES) {
    const username = `view-${role}`;
    if (await page.locator('#staff tbody tr', { hasText: username }).count()) continue;
    const form = page.locator('#add-staff-form');
    await form.locator('input[name=username]').fill(username);
    await form.locator('input[name=name]').fill(`看${role}`);
    await form.locator('select[name=role]').selectOption(role);
    const headOffice = form.locator('select[name=home_store_id] option', { hasText: '总店' });
    await form.locator('select[name=home_store_id]').selectOption((await headOffice.getAttribute('value')) ?? '');
    await form.locator('input[name=password]').fill(PASSWORD);
    await form.locator('button[type=submit]').click();
    await expect(page.locator('#staff tbody tr', { hasText: username })).toHaveCount(1);
  }
});

for (const role of ['admin', ...ROLES]) {
  test(`every page by its direct URL, as ${role}`, async ({ page }) => {
    // Forty routes, each loaded, hydrated and checked by axe-core.
    test.setTimeout(180_000);
    if (role === 'admin') {
      await signIn(page, ADMIN.username, ADMIN.password);
    } else {
      await signIn(page, `view-${role}`, PASSWORD);
    }
    for (const path of ROUTES) {
      await check(page, path);
    }
  });
}

test('the sign-in page and an unknown address, signed out', async ({ page }) => {
  await check(page, '/sign-in');
  expectRefusal(page, 404);
  await open(page, '/no-such-page');
  await expect(page.locator('h1')).toHaveCount(1);
});

test('the chosen language holds on every page and after the browser restarts', async ({ page, context }) => {
  await signInAsAdmin(page);
  await open(page, '/members/1');
  await page.locator('header select[name=language]').selectOption('en');
  // A live switch changes every label on the page.
  await expect(page.locator('#member-facts')).toContainText('Phone');
  await expect(page.locator('#member-facts')).not.toContainText('手机');
  const cookie = (await context.cookies()).find((c) => c.value === 'en');
  expect(cookie?.path).toBe('/');
  expect(cookie?.expires ?? -1).toBeGreaterThan(Date.now() / 1000 + 300 * 24 * 3600);
  await open(page, '/till');
  await expect(page.locator('nav')).toContainText('Till');
  await page.locator('header select[name=language]').selectOption('zh-CN');
});
