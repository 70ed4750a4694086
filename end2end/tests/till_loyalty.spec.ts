import { test, expect, expectRefusal, open, signInAsAdmin, openTill } from './helpers';

// Loyalty as an owner runs it: a level ladder with points rates and upgrade
// thresholds, the loyalty settings, a sale that earns points and lifts the
// member a level (the till and the receipt say so), the member page with the
// points detail and level history, and a level set by hand with a reason.
// Runs after till.spec.ts, on the company the earlier files set up.
test.describe.configure({ mode: 'serial' });

const PHONE = '13700000077';

test('an owner sets up a level ladder and the loyalty settings', async ({ page }) => {
  await signInAsAdmin(page);
  await open(page, '/settings/levels');
  const form = page.locator('#level-form');
  for (const [name, rank, rate, points, upgrade] of [
    ['铜牌', '5', '10', '1', '0'],
    ['银牌', '6', '9.5', '2', '100'],
  ]) {
    await form.locator('input[name=name]').fill(name);
    await form.locator('input[name=rank]').fill(rank);
    await form.locator('input[name=rate]').fill(rate);
    await form.locator('input[name=points_rate]').fill(points);
    await form.locator('input[name=upgrade_points]').fill(upgrade);
    await form.locator('button[type=submit]').click();
    await expect(page.locator('#levels tbody tr', { hasText: name })).toHaveCount(1);
  }
  await expect(page.locator('#levels tbody tr', { hasText: '银牌' })).toContainText('100');
  // A points rate that is not a number is refused beside its field.
  await form.locator('input[name=name]').fill('金牌');
  await form.locator('input[name=rank]').fill('7');
  await form.locator('input[name=points_rate]').fill('很多');
  expectRefusal(page, 400);
  await form.locator('button[type=submit]').click();
  await expect(form.locator('label:has(input[name=points_rate]) .field-error')).toBeVisible();
  await expect(page.locator('#levels tbody tr', { hasText: '金牌' })).toHaveCount(0);

  // The loyalty settings: every payment earns; a bad window is refused.
  await page.locator('nav.tabs a[href="/settings/loyalty"]').click();
  await expect(page.locator('h1')).toHaveText('积分');
  const loyalty = page.locator('#loyalty-form');
  await expect(loyalty.locator('input[name=points_rate]')).toHaveValue('1');
  await loyalty.locator('input[name=window_months]').fill('999');
  expectRefusal(page, 400);
  await loyalty.locator('button[type=submit]').click();
  await expect(loyalty.locator('label:has(input[name=window_months]) .field-error')).toBeVisible();
  await loyalty.locator('input[name=window_months]').fill('12');
  await loyalty.locator('select[name=earn_on]').selectOption('all');
  await loyalty.locator('button[type=submit]').click();
  await expect(loyalty.locator('.ok')).toBeVisible();
  await open(page, '/settings/loyalty');
  await expect(page.locator('#loyalty-form input[name=window_months]')).toHaveValue('12');

  // An item and a member for the sale.
  await open(page, '/settings/catalogue');
  const item = page.locator('#item-form');
  await item.locator('input[name=code]').fill('LOY1');
  await item.locator('input[name=name]').fill('亲子套餐');
  await item.locator('input[name=price]').fill('60');
  await item.locator('button[type=submit]').click();
  await expect(page.locator('#items tbody tr', { hasText: '亲子套餐' })).toHaveCount(1);
  await open(page, '/members/new');
  await page.locator('#member-form input[name=name]').fill('赵敏');
  await page.locator('#member-form input[name=phone]').fill(PHONE);
  await page.locator('#member-form button[type=submit]').click();
  await expect(page).toHaveURL(/\/members\/\d+$/);
  await expect(page.locator('#points-balance')).toHaveText('0');
  await expect(page.locator('#points-next-level')).toContainText('铜牌');
});

test('a sale earns points and lifts the member; the receipt and the member page show it', async ({ page }) => {
  await signInAsAdmin(page);
  await openTill(page);
  await page.keyboard.press('F2');
  await page.locator('#member-search').fill(PHONE);
  await page.locator('#member-search').press('Enter');
  await expect(page.locator('#member-chosen')).toContainText('赵敏');
  const items = page.locator('#item-search');
  for (let n = 0; n < 2; n++) {
    await items.fill('LOY1');
    await expect(page.locator('#item-results li')).toHaveCount(1);
    await items.press('Enter');
  }
  await expect(page.locator('#sale-total')).toHaveText('¥120.00');
  await page.keyboard.press('F9');
  await expect(page.locator('#sale-done')).toBeVisible();
  // No level yet: 1 point per yuan; 120 earned crosses 银牌's 100.
  await expect(page.locator('#points-earned-now')).toHaveText('+120 → 120');
  await expect(page.locator('#new-level')).toHaveText('银牌');
  await page.locator('#print-receipt').click();
  const points = page.locator('#receipt-points');
  await expect(points).toContainText('+120');
  await expect(points).toContainText('银牌');

  // The member page, opened by its address.
  await open(page, `/members?q=${PHONE}`);
  await page.locator('#members a', { hasText: '赵敏' }).click();
  await expect(page).toHaveURL(/\/members\/\d+$/);
  const url = page.url();
  await open(page, url);
  await expect(page.locator('#points-balance')).toHaveText('120');
  await expect(page.locator('#member-level')).toHaveText('银牌');
  await expect(page.locator('#points-lines tbody tr')).toHaveCount(1);
  await expect(page.locator('#points-lines tbody tr')).toContainText('消费积分');
  await expect(page.locator('#level-history tbody tr')).toHaveCount(1);
  await expect(page.locator('#level-history tbody tr')).toContainText('积分达到');

  // A manager sets the level by hand: a reason is required, then it is noted.
  const set = page.locator('#set-level-form');
  await set.locator('select[name=level_id]').selectOption({ label: '铜牌' });
  expectRefusal(page, 400);
  await set.locator('button[type=submit]').click();
  await expect(set.locator('label:has(input[name=reason]) .field-error')).toBeVisible();
  await set.locator('input[name=reason]').fill('会员要求');
  await set.locator('button[type=submit]').click();
  await expect(page.locator('#member-level')).toHaveText('铜牌');
  await expect(page.locator('#level-history tbody tr')).toHaveCount(2);
  await expect(page.locator('#level-history tbody tr').first()).toContainText('会员要求');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'test-results/member-points-390.png', fullPage: true });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.screenshot({ path: 'test-results/member-points-1366.png', fullPage: true });
});

test('a partial refund of that sale takes the points back in proportion', async ({ page }) => {
  await signInAsAdmin(page);
  await openTill(page);
  await open(page, `/members?q=${PHONE}`);
  await page.locator('#members a', { hasText: '赵敏' }).click();
  await expect(page).toHaveURL(/\/members\/\d+$/);
  const member = page.url();
  const receipt = page.locator('#points-lines tbody tr a', { hasText: '#' }).first();
  await receipt.click();
  await expect(page).toHaveURL(/\/receipts\/\d+$/);
  await open(page, page.url());
  const form = page.locator('#refund-form');
  await expect(form.locator('tbody tr')).toHaveCount(1);
  // More than is left is refused with the reason; nothing changes.
  await form.locator('input[name=refund-1]').fill('3');
  expectRefusal(page, 409);
  await form.locator('button[type=submit]').click();
  await expect(form.locator('.error')).toContainText('只剩 2 件');
  await form.locator('input[name=refund-1]').fill('1');
  await form.locator('input[name=reason]').fill('少做一份');
  await form.locator('button[type=submit]').click();
  const refunds = page.locator('#receipt-refunds');
  await expect(refunds).toContainText('-¥60.00');
  await expect(refunds).toContainText('-60');
  await expect(form.locator('tbody tr td.num')).toHaveText('1');
  await page.screenshot({ path: 'test-results/receipt-refund-1366.png', fullPage: true });

  await open(page, member);
  await expect(page.locator('#points-balance')).toHaveText('60');
  await expect(page.locator('#points-lines tbody tr').first()).toContainText('退货扣回');
  await expect(page.locator('#points-lines tbody tr').first()).toContainText('-60');
});

test('a gift is redeemed for points at the store and a manager reverses it', async ({ page }) => {
  await signInAsAdmin(page);
  await open(page, '/settings/gifts');
  const form = page.locator('#gift-form');
  expectRefusal(page, 400);
  await form.locator('button[type=submit]').click();
  await expect(form.locator('label:has(input[name=points_price]) .field-error')).toBeVisible();
  await form.locator('input[name=name]').fill('小熊玩偶');
  await form.locator('input[name=points_price]').fill('50');
  await form.locator('button[type=submit]').click();
  await expect(page.locator('#gifts tbody tr', { hasText: '小熊玩偶' })).toHaveCount(1);
  const stock = page.locator('#gift-stock-form');
  await stock.locator('select[name=gift_id]').selectOption({ label: '小熊玩偶' });
  await stock.locator('select[name=store_id]').selectOption({ label: '总店' });
  await stock.locator('input[name=quantity]').fill('3');
  await stock.locator('button[type=submit]').click();
  await expect(page.locator('#gifts tbody tr', { hasText: '小熊玩偶' })).toContainText('总店 3');

  await open(page, `/members?q=${PHONE}`);
  await page.locator('#members a', { hasText: '赵敏' }).click();
  await expect(page.locator('#points-balance')).toHaveText('60');
  const redeem = page.locator('#redeem-form');
  await expect(redeem.locator('select[name=gift_id] option')).toHaveText('小熊玩偶 · 50 · 3');
  await redeem.locator('button[type=submit]').click();
  await expect(page.locator('#points-balance')).toHaveText('10');
  await expect(page.locator('#redemptions tbody tr')).toHaveCount(1);
  await expect(page.locator('#points-lines tbody tr').first()).toContainText('兑换礼品');
  // Reversed by the admin: the points come back, once.
  await page.locator('#redemptions tbody tr button').click();
  await expect(page.locator('#points-balance')).toHaveText('60');
  await expect(page.locator('#redemptions tbody tr')).toContainText('已撤销');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'test-results/member-gifts-390.png', fullPage: true });
  await page.setViewportSize({ width: 1366, height: 768 });
});

test('the owner previews a points rebate and pays it with its progress shown', async ({ page }) => {
  await signInAsAdmin(page);
  await open(page, '/settings/rebate');
  const tier = page.locator('#rebate-tier-form');
  for (const [points, amount] of [['50', '1'], ['10', '0.10']]) {
    await tier.locator('input[name=points]').fill(points);
    await tier.locator('input[name=amount]').fill(amount);
    await tier.locator('button[type=submit]').click();
    await expect(page.locator('#rebate-tiers tbody tr', { hasText: points })).toHaveCount(1);
  }
  const today = await page.evaluate(() => {
    const d = new Date(Date.now() + 8 * 3600_000);
    return d.toISOString().slice(0, 10);
  });
  const run = page.locator('#rebate-form');
  await run.locator('input[name=first_day]').fill(today);
  await run.locator('input[name=last_day]').fill(today);
  await page.locator('#rebate-preview').click();
  // 赵敏 spent ¥60 net today and holds no stored-value card: listed, skipped.
  const row = page.locator('#rebate-preview-lines tbody tr', { hasText: '赵敏' });
  await expect(row).toContainText('¥60.00');
  await expect(row).toContainText('没有这种卡');
  await page.locator('#rebate-start').click();
  await expect(page.locator('#rebate-progress')).toContainText('已完成');
  await expect(page.locator('#rebate-runs tbody tr')).toHaveCount(1);
  await expect(page.locator('#rebate-runs tbody tr')).toContainText('已完成');
  await page.screenshot({ path: 'test-results/rebate-1366.png', fullPage: true });
});
