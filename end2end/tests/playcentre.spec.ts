import { test, expect, Page, expectRefusal, open, signInAsAdmin, openTill } from './helpers';

// A play centre's day at the till, with the keyboard only: a ticket paid by a
// count card's visit beside a juice paid in cash, a time card's check-in (and
// its refusal the second time the same day), and a basket of five lines that
// fits a 1366×768 screen. Runs after membership.spec.ts on the same server; it
// sets up what it needs itself.
test.describe.configure({ mode: 'serial' });

const PHONE = '13900000001';

async function planValue(page: Page, name: string): Promise<string> {
  const option = page.locator('#issue-card-form select[name=plan_id] option', { hasText: name });
  return (await option.getAttribute('value')) ?? '';
}

/// F2, the member's phone, Enter: the member is chosen and the focus is on items.
/// The phone is typed as a person types it (a key every 80 ms): keys that come
/// faster than 35 ms apart are a card reader's swipe, and on a loaded machine
/// an undelayed burst could split into a typed part and a "swipe" of the rest.
async function member(page: Page) {
  await page.keyboard.press('F2');
  await page.keyboard.type(PHONE, { delay: 80 });
  await page.keyboard.press('Enter');
  await expect(page.locator('#member-chosen')).toContainText('陈美玲');
  await expect(page.locator('#item-search')).toBeFocused();
}

/// Chooses the card (by its number) that pays a basket line.
async function payWith(line: ReturnType<Page['locator']>, card: string) {
  const value = await line.locator('select.pay-with option', { hasText: card }).getAttribute('value');
  await line.locator('select.pay-with').selectOption(value ?? '');
}

/// Types an item code and takes it with Enter.
async function item(page: Page, code: string, lines: number) {
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await expect(page.locator('#basket tbody tr')).toHaveCount(lines);
}

test('the admin sets up tickets, a ten-visit card and a month card', async ({ page }) => {
  await signInAsAdmin(page);
  await open(page, '/settings/catalogue');
  await page.locator('#category-form input[name=code]').fill('ENTRY');
  await page.locator('#category-form input[name=name]').fill('入场');
  await page.locator('#category-form button[type=submit]').click();
  await expect(page.locator('#categories tbody tr', { hasText: '入场' })).toHaveCount(1);
  const add = async (code: string, name: string, price: string, category: string | null) => {
    const form = page.locator('#item-form');
    await form.locator('input[name=code]').fill(code);
    await form.locator('input[name=name]').fill(name);
    await form.locator('input[name=price]').fill(price);
    if (category) await form.locator('select[name=category_id]').selectOption({ label: category });
    await form.locator('button[type=submit]').click();
    await expect(page.locator('#items tbody tr', { hasText: name })).toHaveCount(1);
  };
  await add('TICKET', '游玩一次', '50', '入场');
  await add('JUICE', '鲜榨果汁', '8', null);
  await add('SOCKS', '防滑袜', '5', null);
  await add('WATER', '矿泉水', '2', null);
  await add('CAKE', '小蛋糕', '12', null);

  await open(page, '/settings/plans');
  const form = page.locator('#plan-form');
  await form.locator('input[name=name]').fill('游玩十次卡');
  await form.locator('select[name=kind]').selectOption('count');
  await form.locator('input[name=price]').fill('400');
  await form.locator('input[name=visits]').fill('10');
  await form.locator('#plan-covers label', { hasText: '入场' }).locator('input').check();
  await form.locator('button[type=submit]').click();
  await expect(page.locator('#plans tbody tr', { hasText: '游玩十次卡' })).toHaveCount(1);
  await form.locator('input[name=name]').fill('游玩月卡');
  await form.locator('select[name=kind]').selectOption('time');
  await form.locator('input[name=price]').fill('299');
  await form.locator('select[name=validity]').selectOption('month');
  await form.locator('#plan-covers label', { hasText: '游玩一次' }).locator('input').check();
  await form.locator('button[type=submit]').click();
  await expect(page.locator('#plans tbody tr', { hasText: '游玩月卡' })).toHaveCount(1);
  await form.locator('input[name=name]').fill('乐园储值卡');
  await form.locator('select[name=kind]').selectOption('stored_value');
  await form.locator('input[name=price]').fill('100');
  await form.locator('input[name=bonus]').fill('0');
  await form.locator('input[name=recharge_every]').fill('100');
  await form.locator('input[name=recharge_bonus]').fill('10');
  await form.locator('button[type=submit]').click();
  await expect(page.locator('#plans tbody tr', { hasText: '乐园储值卡' })).toHaveCount(1);

  await open(page, '/members/new');
  await page.locator('#member-form input[name=name]').fill('陈美玲');
  await page.locator('#member-form input[name=phone]').fill(PHONE);
  await page.locator('#member-form button[type=submit]').click();
  await expect(page).toHaveURL(/\/members\/\d+$/);
  const memberPage = page.url();
  const issue = page.locator('#issue-card-form');
  await issue.locator('select[name=plan_id]').selectOption(await planValue(page, '游玩十次卡'));
  await issue.locator('input[name=card_no]').fill('K3001');
  await issue.locator('button[type=submit]').click();
  await expect(page).toHaveURL(/\/cards\/\d+\?slip=\d+/);
  await expect(page.locator('#last-slip')).toContainText('发卡');
  await open(page, memberPage);
  await issue.locator('select[name=plan_id]').selectOption(await planValue(page, '游玩月卡'));
  await issue.locator('input[name=card_no]').fill('M3001');
  await issue.locator('button[type=submit]').click();
  await expect(page).toHaveURL(/\/cards\/\d+\?slip=\d+/);
});

test('a ticket paid by a visit of the count card, a juice in cash', async ({ page }) => {
  await signInAsAdmin(page);
  await openTill(page);
  await member(page);
  await expect(page.locator('#visit-cards')).toContainText('K3001');
  await item(page, 'TICKET', 1);
  await item(page, 'JUICE', 2);
  // The ticket is the count card's (the oldest card that covers it); the juice is money.
  const ticket = page.locator('#basket tbody tr', { hasText: '游玩一次' });
  await expect(ticket.locator('select.pay-with')).toHaveValue(/\d+/);
  await expect(ticket.locator('.line-total')).toHaveText('1 次');
  await expect(page.locator('#sale-total')).toHaveText('¥8.00');
  await page.keyboard.press('F8');
  await expect(page.locator('#pay-first')).toHaveValue('8.00');
  await page.locator('#cash-given').fill('10');
  await expect(page.locator('#change')).toHaveText('¥2.00');
  await page.keyboard.press('F9');
  await expect(page.locator('#sale-done')).toBeVisible();
  await expect(page.locator('#visits-after')).toContainText('K3001：剩余 9 次');
  // Esc: the next customer.
  await page.keyboard.press('Escape');
  await expect(page.locator('#basket tbody tr')).toHaveCount(0);
  await expect(page.locator('#member-search')).toBeFocused();
});

test('a card sold and recharged at the till, with the keyboard', async ({ page }) => {
  await signInAsAdmin(page);
  await openTill(page);
  await member(page);
  // F7: sell a stored-value card with a PIN.
  await page.keyboard.press('F7');
  await expect(page.locator('#sell-card-plan')).toBeFocused();
  const sell = page.locator('#till-sell-card-form');
  await sell.locator('select[name=plan_id]').selectOption({ label: '乐园储值卡 · 100.00' });
  await sell.locator('input[name=card_no]').fill('S3001');
  // A PIN typed as fast as a card reader types is still a PIN, not a swipe.
  await sell.locator('input[name=pin]').pressSequentially('362514', { delay: 0 });
  await sell.locator('input[name=pin_again]').pressSequentially('362514', { delay: 0 });
  await expect(sell.locator('input[name=pin_again]')).toHaveValue('362514');
  await sell.locator('input[name=pin_again]').press('Enter');
  await expect(page.locator('#member-none')).toHaveCount(0);
  await expect(page.locator('#card-desk .ok', { hasText: '发卡' })).toContainText('S3001 · 余额 ¥100.00');
  await expect(sell.locator('input[name=pin]')).toHaveValue('');
  await expect(page.locator('#member-chosen')).toContainText('S3001 · ¥100.00');
  // F6: recharge it; the plan's rule adds 10 for every 100.
  await page.keyboard.press('F6');
  await expect(page.locator('#recharge-amount')).toBeFocused();
  await page.keyboard.type('200');
  await page.keyboard.press('Enter');
  await expect(page.locator('#card-desk .ok', { hasText: '充值' })).toContainText('S3001 · 余额 ¥320.00');
  await expect(page.locator('#member-chosen')).toContainText('S3001 · ¥320.00');
  await expect(page.locator('#recharge-amount')).toHaveValue('');
});

test('a month card checks in once a day at the till', async ({ page }) => {
  await signInAsAdmin(page);
  await openTill(page);
  await member(page);
  await item(page, 'TICKET', 1);
  const ticket = page.locator('#basket tbody tr', { hasText: '游玩一次' });
  // Pay the ticket with the month card instead of the count card.
  await payWith(ticket, 'M3001');
  await expect(ticket.locator('.line-total')).toHaveText('签到');
  await expect(page.locator('#sale-total')).toHaveText('¥0.00');
  await page.keyboard.press('F9');
  await expect(page.locator('#sale-done')).toBeVisible();
  await page.keyboard.press('Escape');

  // The same card again today: refused with the reason, and money can pay instead.
  await member(page);
  await item(page, 'TICKET', 1);
  expectRefusal(page, 409);
  await payWith(ticket, 'M3001');
  await expect(page.locator('#sale .error')).toContainText('今天已经签到过了');
  await ticket.locator('select.pay-with').selectOption('money');
  await expect(page.locator('#sale-total')).toHaveText('¥50.00');
});

test('five lines, the total and the Pay button fit a 1366×768 screen', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await signInAsAdmin(page);
  await openTill(page);
  await member(page);
  for (const [n, code] of ['TICKET', 'JUICE', 'SOCKS', 'WATER', 'CAKE'].entries()) {
    await item(page, code, n + 1);
  }
  await page.keyboard.press('F8');
  const inView = async (selector: string) => {
    const box = await page.locator(selector).boundingBox();
    expect(box, selector).not.toBeNull();
    expect(box!.y, selector).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height, selector).toBeLessThanOrEqual(768);
    expect(box!.x + box!.width, selector).toBeLessThanOrEqual(1366);
  };
  await expect(page.locator('#sale-total')).toHaveText('¥27.00');
  // The whole 27.00 sits on the member's card, which asks its PIN.
  await expect(page.locator('#pay-member_card')).toHaveValue('27.00');
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const field of ['#sale-total', '#pay', '#pay-first', '#pay-member_card', '#pay-bank_card', '#pay-cheque', '#cash-given', '#pin']) {
    await inView(field);
  }
  await page.screenshot({ path: 'test-results/till-1366x768-five-lines.png' });
  // A wrong PIN: its message is in view too.
  expectRefusal(page, 409);
  await page.locator('#pin').pressSequentially('111111', { delay: 0 });
  await page.keyboard.press('F9');
  await expect(page.locator('#sale-pay .error')).toContainText('密码错误');
  await inView('#sale-pay .error');
  await inView('#pay');
  await page.locator('#pin').fill('362514');
  await page.keyboard.press('F9');
  await expect(page.locator('#sale-done')).toBeVisible();
  await inView('#sale-done');
  await inView('#next-customer');
  // The member's balance and the reprint list follow the sale at once.
  await expect(page.locator('#member-chosen')).toContainText('S3001 · ¥293.00');
  await expect(page.locator('#recent-sales tbody tr').first()).toContainText('27.00');
});
