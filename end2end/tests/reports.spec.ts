import * as fs from 'fs';
import { test, expect, Page, open, signInAsAdmin, watchContext, assertQuiet } from './helpers';

// Reports: the head office opens the dashboard from the navigation, sees the
// chart, drills down from a store's bar to that store's sales detail with the
// same days, and downloads it as CSV; a branch manager sees only the own store
// everywhere, and another store's address is refused. Makes its own branch and
// manager; runs on whatever sales the other suites made.
test.describe.configure({ mode: 'serial' });

const MANAGER = { username: 'rpt-manager', password: 'reports-2026-x' };
const BRANCH = { code: 'RPT-1', name: '报表测试分店' };

test('the head office drills down from the dashboard and exports CSV', async ({ page }) => {
  await signInAsAdmin(page);
  await page.locator('nav .nav-reports a').click();
  await expect(page).toHaveURL(/\/reports$/);
  await expect(page.locator('h1')).toHaveText('总览');
  await expect(page.locator('#trend-chart')).toBeVisible();
  await expect(page.locator('#trend-chart rect.bar')).toHaveCount(30);
  const row = page.locator('#store-bars tbody tr').first();
  const storeId = await row.getAttribute('data-store');
  const barSales = (await row.locator('td.store-sales').textContent())?.trim();
  await row.locator('a.bar-link').click();
  await expect(page).toHaveURL(new RegExp(`/reports/sales\\?store=${storeId}&first=\\d{4}-\\d{2}-\\d{2}&last=`));
  await expect(page.locator('h1')).toHaveText('销售明细');
  // The dashboard's bar is the detail's total for the same filter.
  await expect(page.locator('#sales-total')).toHaveText(barSales ?? '');
  await expect(page.locator('#report-filter select[name=store]')).toHaveValue(storeId ?? '');

  const count = Number((await page.locator('#sales-count').textContent())?.replace(/\D/g, '') ?? '0');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
  const file = fs.readFileSync((await download.path()) ?? '');
  expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = file.toString('utf8').trim().split('\n');
  expect(lines[0]).toContain('小票');
  expect(lines.length).toBe(count + 1);

  // Liability at the end of a chosen day: a form that keeps its filter in the address.
  await page.locator('#report-tabs a', { hasText: '储值余额' }).click();
  await expect(page).toHaveURL(/\/reports\/liability/);
  await expect(page.locator('#liability-total')).toBeVisible();
  await page.locator('#report-filter input[name=as_of]').fill('2026-01-31');
  await page.locator('#report-filter button[type=submit]').click();
  await expect(page).toHaveURL(/as_of=2026-01-31/);
  await expect(page.locator('#liability-as-of')).toContainText('2026-01-31');
});

async function addBranchAndManager(page: Page) {
  await signInAsAdmin(page);
  await open(page, '/settings/stores');
  if ((await page.locator(`#stores tr[data-code="${BRANCH.code}"]`).count()) === 0) {
    const form = page.locator('#add-store-form');
    await form.locator('input[name=code]').fill(BRANCH.code);
    await form.locator('input[name=name]').fill(BRANCH.name);
    await form.locator('button[type=submit]').click();
    await expect(page.locator(`#stores tr[data-code="${BRANCH.code}"]`)).toContainText(BRANCH.name);
  }
  await open(page, '/settings/staff');
  if ((await page.locator(`#staff tr[data-username="${MANAGER.username}"]`).count()) === 0) {
    const staff = page.locator('#add-staff-form');
    await staff.locator('input[name=username]').fill(MANAGER.username);
    await staff.locator('input[name=name]').fill('周经理');
    await staff.locator('select[name=role]').selectOption('manager');
    await staff.locator('select[name=home_store_id]').selectOption({ label: `${BRANCH.code} ${BRANCH.name}` });
    await staff.locator('input[name=password]').fill(MANAGER.password);
    await staff.locator('button[type=submit]').click();
    await expect(page.locator(`#staff tr[data-username="${MANAGER.username}"]`)).toContainText('周经理');
  }
}

test('a branch manager sees only the own store', async ({ page, browser }) => {
  await addBranchAndManager(page);
  await open(page, '/reports');
  const hq = await page.locator('#report-filter select[name=store] option', { hasText: '总店' }).getAttribute('value');

  const context = await browser.newContext();
  watchContext(context);
  const manager = await context.newPage();
  await open(manager, '/sign-in');
  await manager.locator('#sign-in-form input[name=username]').fill(MANAGER.username);
  await manager.locator('#sign-in-form input[name=password]').fill(MANAGER.password);
  await manager.locator('#sign-in-form button[type=submit]').click();
  await expect(manager.locator('header.top')).toBeVisible();
  await open(manager, '/reports');
  await expect(manager.locator('#store-bars tbody tr')).toHaveCount(1);
  await expect(manager.locator('#store-bars tbody tr')).toContainText(BRANCH.name);
  await expect(manager.locator('#report-filter select[name=store]')).toHaveCount(0);
  for (const path of ['/reports/liability', '/reports/clearing', '/reports/sales', '/reports/recharges']) {
    await open(manager, path);
    await expect(manager.locator('#report-filter select[name=store]')).toHaveCount(0);
    await expect(manager.locator('main')).not.toContainText('总店');
  }
  // Another store by its address: refused, nothing shown.
  await open(manager, `/reports/sales?store=${hq}`);
  await expect(manager.locator('main .error')).toBeVisible();
  await expect(manager.locator('#sales-detail')).toHaveCount(0);
  const refused = await manager.request.get(`/reports/export/sales.csv?store=${hq}`);
  expect(refused.status()).toBe(403);
  assertQuiet(context);
  await context.close();
});
