import { test, expect, expectRefusal, open, signInAsAdmin, openTill } from './helpers';

// Promotions as an owner runs them: a double-points weekend and a recharge
// tier set up on the promotions page; a sale that earns double points, lifts
// the member a level and names the promotion on the till and the receipt; a
// partial refund that takes the doubled points back in proportion; a recharge
// whose screen shows the offer and whose bonus and slip come from the tier.
// At the end the promotions are switched off, so later files are unaffected.
// The company's time zone is Asia/Shanghai (set up by the earlier files).
test.describe.configure({ mode: 'serial' });

const PHONE = '13700000088';
const shanghai = new Date(Date.now() + 8 * 3_600_000);
const TODAY = shanghai.toISOString().slice(0, 10);
const IN_A_MONTH = new Date(shanghai.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
// Monday 0 … Sunday 6, as the form numbers them.
const WEEKDAY = (shanghai.getUTCDay() + 6) % 7;
const WEEKEND = WEEKDAY >= 5;
// On a weekday the weekend promotion does not run; one for today does.
const DOUBLING = WEEKEND ? '周末双倍积分' : '今日双倍积分';

async function addPoints(page, name: string, weekdays: number[]) {
  const form = page.locator('#promotion-form');
  await form.locator('input[name=name]').fill(name);
  await form.locator('select[name=kind]').selectOption('points');
  await form.locator('input[name=factor]').fill('2');
  await form.locator('input[name=last_day]').fill(IN_A_MONTH);
  for (const d of weekdays) {
    await form.locator(`input[name=weekday_${d}]`).check();
  }
  await form.locator('button[type=submit]').click();
  await expect(page.locator('.saved')).toContainText(name);
  await expect(page.locator('#promotions tbody tr', { hasText: name })).toHaveCount(1);
}

test('an owner sets up a double-points weekend and a recharge tier', async ({ page }) => {
  await signInAsAdmin(page);
  await open(page, '/settings/promotions');
  await expect(page.locator('h1')).toHaveText('促销');
  const form = page.locator('#promotion-form');
  await expect(form.locator('input[name=first_day]')).toHaveValue(TODAY);
  // Nothing typed: every problem is shown beside its field, nothing is added.
  await form.locator('select[name=kind]').selectOption('points');
  expectRefusal(page, 400);
  await form.locator('button[type=submit]').click();
  await expect(form.locator('label:has(input[name=name]) .field-error')).toBeVisible();
  await expect(form.locator('label:has(input[name=factor]) .field-error')).toBeVisible();
  await expect(page.locator('#promotions tbody tr')).toHaveCount(0);

  await addPoints(page, '周末双倍积分', [5, 6]);
  const weekend = page.locator('#promotions tbody tr', { hasText: '周末双倍积分' });
  await expect(weekend).toContainText('积分 ×2');
  await expect(weekend).toContainText('周六、周日');
  await expect(weekend).toContainText('全部门店');
  await expect(weekend).toContainText('进行中');
  if (!WEEKEND) {
    await addPoints(page, '今日双倍积分', [WEEKDAY]);
  }

  await form.locator('input[name=name]').fill('充值满赠');
  await form.locator('select[name=kind]').selectOption('recharge_bonus');
  await form.locator('input[name=tiers]').fill('500=50, 1000=120');
  await form.locator('input[name=last_day]').fill(IN_A_MONTH);
  await form.locator('button[type=submit]').click();
  const tiers = page.locator('#promotions tbody tr', { hasText: '充值满赠' });
  await expect(tiers).toContainText('充¥500.00送¥50.00，充¥1,000.00送¥120.00');

  // The rule with the level discount: the better of the two.
  const rule = page.locator('#promotion-rule-form');
  await expect(rule.locator('select[name=with_level]')).toHaveValue('better');
  await rule.locator('button[type=submit]').click();
  await expect(rule.locator('.saved')).toBeVisible();
  await page.screenshot({ path: 'test-results/promotions-1366.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'test-results/promotions-390.png', fullPage: true });
});

test('a sale earns double points, lifts the member, and the receipt names the promotion', async ({ page }) => {
  await signInAsAdmin(page);
  // A level reached at 150 points earned, an item, a member.
  await open(page, '/settings/levels');
  const level = page.locator('#level-form');
  await level.locator('input[name=name]').fill('钻石');
  await level.locator('input[name=rank]').fill('9');
  await level.locator('input[name=rate]').fill('10');
  await level.locator('input[name=points_rate]').fill('1');
  await level.locator('input[name=upgrade_points]').fill('150');
  await level.locator('button[type=submit]').click();
  await expect(page.locator('#levels tbody tr', { hasText: '钻石' })).toHaveCount(1);
  await open(page, '/settings/catalogue');
  const item = page.locator('#item-form');
  await item.locator('input[name=code]').fill('PRM1');
  await item.locator('input[name=name]').fill('生日派对套餐');
  await item.locator('input[name=price]').fill('50');
  await item.locator('button[type=submit]').click();
  await expect(page.locator('#items tbody tr', { hasText: '生日派对套餐' })).toHaveCount(1);
  await open(page, '/members/new');
  await page.locator('#member-form input[name=name]').fill('周芷若');
  await page.locator('#member-form input[name=phone]').fill(PHONE);
  await page.locator('#member-form button[type=submit]').click();
  await expect(page).toHaveURL(/\/members\/\d+$/);

  await openTill(page);
  await page.keyboard.press('F2');
  await page.locator('#member-search').fill(PHONE);
  await page.locator('#member-search').press('Enter');
  await expect(page.locator('#member-chosen')).toContainText('周芷若');
  const items = page.locator('#item-search');
  for (let n = 0; n < 2; n++) {
    await items.fill('PRM1');
    await expect(page.locator('#item-results li')).toHaveCount(1);
    await items.press('Enter');
  }
  await expect(page.locator('#sale-total')).toHaveText('¥100.00');
  await page.keyboard.press('F9');
  await expect(page.locator('#sale-done')).toBeVisible();
  // ¥100 at 1 point per yuan, doubled: 200 crosses 钻石's 150.
  await expect(page.locator('#points-earned-now')).toHaveText('+200 → 200');
  await expect(page.locator('#points-promotion')).toHaveText(`${DOUBLING}（积分 ×2）`);
  await expect(page.locator('#new-level')).toHaveText('钻石');
  await page.screenshot({ path: 'test-results/till-double-points-1366.png' });
  await page.locator('#print-receipt').click();
  await expect(page).toHaveURL(/\/receipts\/\d+$/);
  await open(page, page.url());
  const points = page.locator('#receipt-points');
  await expect(points).toContainText('+200');
  await expect(points).toContainText('钻石');
  await expect(points).toContainText(DOUBLING);

  // One of the two refunded: half the doubled points come back off.
  const refund = page.locator('#refund-form');
  await refund.locator('input[name=refund-1]').fill('1');
  await refund.locator('input[name=reason]').fill('少来一位');
  await refund.locator('button[type=submit]').click();
  const refunds = page.locator('#receipt-refunds');
  await expect(refunds).toContainText('-¥50.00');
  await expect(refunds).toContainText('-100');
  await open(page, `/members?q=${PHONE}`);
  await page.locator('#members a', { hasText: '周芷若' }).click();
  await expect(page.locator('#points-balance')).toHaveText('100');
});

test('the recharge screen shows the tier, and the bonus and the slip come from it', async ({ page }) => {
  await signInAsAdmin(page);
  await open(page, `/members?q=${PHONE}`);
  await page.locator('#members a', { hasText: '周芷若' }).click();
  const issue = page.locator('#issue-card-form');
  const plan = page.locator('#issue-card-form select[name=plan_id] option', { hasText: /^储值卡 ·/ });
  await issue.locator('select[name=plan_id]').selectOption((await plan.getAttribute('value')) ?? '');
  await issue.locator('input[name=card_no]').fill('S2088');
  await issue.locator('button[type=submit]').click();
  await expect(page).toHaveURL(/\/cards\/\d+\?slip=\d+/);
  await open(page, page.url().replace(/\?.*$/, ''));
  const offers = page.locator('#recharge-offers');
  await expect(offers).toContainText('充值满赠 充¥500.00送¥50.00，充¥1,000.00送¥120.00');
  const bonus = async () => Number((await page.locator('#bonus').innerText()).replace(/[¥,]/g, ''));
  const before = await bonus();
  // ¥1,000: the tier's ¥120 beats the plan's own ¥100 (the better of the two).
  await page.locator('#recharge-form input[name=amount]').fill('1000');
  await page.locator('#recharge-form button[type=submit]').click();
  await expect(page.locator('#last-slip-promotion')).toHaveText('促销：充值满赠');
  await expect.poll(bonus).toBe(before + 120);
  await page.screenshot({ path: 'test-results/recharge-tier-1366.png', fullPage: true });
  await page.locator('#print-slip').click();
  await expect(page).toHaveURL(/\/slips\/\d+$/);
  await open(page, page.url());
  await expect(page.locator('#slip')).toContainText('充值满赠');
  await page.goBack();

  // Switched off, the offer is gone from the recharge screen.
  await open(page, '/settings/promotions');
  for (const row of await page.locator('#promotions tbody tr').all()) {
    await row.locator('button').click();
    await expect(row).toContainText('已停用');
  }
  await open(page, '/cards');
  await page.locator('#find-card-form input[name=number]').fill('S2088');
  await page.locator('#find-card-form button[type=submit]').click();
  await expect(page.locator('#recharge-form')).toBeVisible();
  await expect(page.locator('#recharge-offers')).toHaveCount(0);
});
