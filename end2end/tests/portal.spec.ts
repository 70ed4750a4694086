import AxeBuilder from '@axe-core/playwright';
import { test, expect, Page, open, signInAsAdmin, openTill, swipe, expectRefusal, watchContext, assertQuiet } from './helpers';

// The member's own pages on a phone (U1, C3): a member signs in at 390×844,
// sees the balance the shop's pages show, shows the member code; the till (a
// second browser) scans it through the keyboard-wedge path and sells to that
// member; the code is taken once; the phone keeps its balances offline; the
// member reports the card lost and the till refuses its next code.
test.describe.configure({ mode: 'serial' });

const PIN = '640271';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' };

/// No critical or serious accessibility violation, and one h1.
async function accessible(page: Page) {
  expect(await page.locator('h1').count()).toBe(1);
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = axe.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${page.url()}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(bad).toEqual([]);
}

async function member(page: Page, suffix: string) {
  await signInAsAdmin(page);
  await open(page, '/settings/plans');
  const plans = page.locator('#plans tbody tr', { hasText: '会员码储值卡' });
  if ((await plans.count()) === 0) {
    const form = page.locator('#plan-form');
    await form.locator('input[name=name]').fill('会员码储值卡');
    await form.locator('select[name=kind]').selectOption('stored_value');
    await form.locator('input[name=price]').fill('100');
    await form.locator('button[type=submit]').click();
    await expect(plans).toHaveCount(1);
  }
  await open(page, '/settings/catalogue');
  const items = page.locator('#items tbody tr', { hasText: '鲜榨橙汁' });
  if ((await items.count()) === 0) {
    const item = page.locator('#item-form');
    await item.locator('input[name=code]').fill('OJ1');
    await item.locator('input[name=name]').fill('鲜榨橙汁');
    await item.locator('input[name=price]').fill('12');
    await item.locator('button[type=submit]').click();
    await expect(items).toHaveCount(1);
  }
  const phone = `135${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  await open(page, '/members/new');
  await page.locator('#member-form input[name=name]').fill('林手机');
  await page.locator('#member-form input[name=phone]').fill(phone);
  await page.locator('#member-form button[type=submit]').click();
  await expect(page).toHaveURL(/\/members\/\d+$/);
  const issue = page.locator('#issue-card-form');
  const plan = issue.locator('select[name=plan_id] option', { hasText: /^会员码储值卡 ·/ });
  await issue.locator('select[name=plan_id]').selectOption((await plan.getAttribute('value')) ?? '');
  const cardNo = `QP${suffix}`;
  await issue.locator('input[name=card_no]').fill(cardNo);
  await issue.locator('input[name=pin]').fill(PIN);
  await issue.locator('input[name=pin_again]').fill(PIN);
  await issue.locator('button[type=submit]').click();
  await expect(page.locator('#balance')).toHaveText('¥100.00');
  return { cardNo, phone };
}

test('a member checks the card on a phone and pays by showing the member code', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const { cardNo, phone } = await member(page, String(Date.now()).slice(-8));

  const phoneContext = await browser.newContext(PHONE);
  watchContext(phoneContext);
  const my = await phoneContext.newPage();
  // By its direct URL: the sign-in form.
  await my.goto('/my');
  await expect(my).toHaveURL(/\/my\/$/);
  await expect(my.locator('input[name=pin]')).toBeVisible();
  await my.screenshot({ path: 'test-results/portal-sign-in-390.png' });
  await accessible(my);
  // A wrong PIN says how many tries are left.
  expectRefusal(my, 401);
  await my.locator('#key').fill(phone);
  await my.locator('#pin').fill('111333');
  await my.locator('main button.primary').click();
  await expect(my.locator('#sign-in-error')).toContainText('再错 4 次将锁定');
  await expect(my.locator('#key')).toHaveValue(phone);
  await my.locator('#pin').fill(PIN);
  await my.locator('main button.primary').click();
  await expect(my.locator('#hello')).toContainText('林手机');
  const principal = my.locator('[id^=principal-]');
  await expect(principal).toHaveText('¥100.00');
  const code = my.locator('#code-text');
  await expect(code).toHaveText(/^MQ\d{9,}$/);
  await expect(my.locator('#code-qr svg')).toBeVisible();
  await expect(my.locator('#code-bar svg')).toBeVisible();
  await my.screenshot({ path: 'test-results/portal-card-390.png', fullPage: true });
  await accessible(my);
  expect(await my.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await my.setViewportSize({ width: 360, height: 740 });
  expect(await my.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await my.setViewportSize({ width: 390, height: 844 });

  // The till scans the phone's code (a barcode scanner is a keyboard wedge).
  const shown = (await code.textContent())!.trim();
  await openTill(page);
  await swipe(page, shown);
  await expect(page.locator('#member-chosen')).toContainText('林手机');
  await expect(page.locator('#member-chosen')).toContainText(cardNo);
  const items = page.locator('#item-search');
  await items.pressSequentially('OJ1', { delay: 30 });
  await expect(page.locator('#item-results li')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(page.locator('#sale-total')).toHaveText('¥12.00');
  await page.keyboard.press('F8');
  await page.locator('#pay-first').fill('0');
  await page.locator('#pay-member_card').fill('12');
  for (const digit of PIN) {
    await page.locator('#pin-pad .keys button', { hasText: new RegExp(`^${digit}$`) }).click();
  }
  await page.keyboard.press('F9');
  await expect(page.locator('#sale-done')).toBeVisible();
  await expect(page.locator('#card-balance-after')).toHaveText('¥88.00');

  // The same code again is refused: it was taken once.
  expectRefusal(page, 409);
  await swipe(page, shown);
  await expect(page.locator('.till-box p.error')).toContainText('此会员码已使用过');

  // The phone shows what the till shows, and the sale in its history.
  await my.reload();
  await expect(principal).toHaveText('¥88.00');
  await expect(my.locator('#history')).toContainText('-¥12.00');

  // Offline, the last balances stay, with the time they are from.
  await my.evaluate(async () => { await navigator.serviceWorker.ready; });
  await my.reload();
  await expect(principal).toHaveText('¥88.00');
  await phoneContext.setOffline(true);
  await my.reload();
  await expect(my.locator('.offline-note')).toBeVisible();
  await expect(my.locator('.offline-note')).toContainText('余额截至');
  await expect(principal).toHaveText('¥88.00');
  await expect(my.locator('.code-off')).toBeVisible();
  await my.screenshot({ path: 'test-results/portal-offline-390.png' });
  await phoneContext.setOffline(false);
  await my.reload();
  await expect(my.locator('.offline-note')).toBeHidden();

  // The code changes by itself within 30 seconds.
  await expect(code).not.toHaveText(shown, { timeout: 40_000 });
  const fresh = (await code.textContent())!.trim();

  // The member reports the card lost: the till refuses its code at once.
  await my.locator('section.card details summary').first().click();
  await my.locator('[id^=lost-]').click();
  await expect(my.locator('#note')).toContainText('卡已在所有收银台冻结');
  await expect(my.locator('[id^=status-]')).toHaveText('已挂失');
  await expect(my.locator('#member-code')).toHaveCount(0);
  expectRefusal(page, 409);
  await swipe(page, fresh);
  await expect(page.locator('.till-box p.error')).toContainText('已挂失');

  // Signing out forgets the page.
  await my.locator('#sign-out').click();
  await expect(my.locator('input[name=pin]')).toBeVisible();
  await phoneContext.close();
  assertQuiet(phoneContext);
});

test('the member pages in English on a desktop, and the PIN change', async ({ browser, page }) => {
  const { cardNo } = await member(page, String(Date.now()).slice(-8));
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-US' });
  watchContext(context);
  const my = await context.newPage();
  await my.goto('/my/');
  await my.locator('#key').fill(cardNo.toLowerCase());
  await my.locator('#pin').fill(PIN);
  await my.locator('main button.primary').click();
  await expect(my.locator('#hello')).toHaveText('Hello, 林手机');
  await my.screenshot({ path: 'test-results/portal-card-1366.png', fullPage: true });
  await my.locator('#change-pin').click();
  await expect(my).toHaveURL(/\/my\/pin$/);
  expectRefusal(my, 400);
  await my.locator('#current').fill(PIN);
  await my.locator('#new_pin').fill('123456');
  await my.locator('#repeat').fill('123456');
  await my.locator('main button.primary').click();
  await expect(my.locator('#pin-error')).toContainText('too easy');
  await my.locator('#current').fill(PIN);
  await my.locator('#new_pin').fill('902648');
  await my.locator('#repeat').fill('902648');
  await my.locator('main button.primary').click();
  await expect(my.locator('#note')).toContainText('The PIN is changed');
  // Direct URLs of the area work for a signed-in member.
  await my.goto('/my/pin');
  await expect(my.locator('#current')).toBeVisible();
  const manifest = await my.request.get('/my/manifest.webmanifest');
  expect(manifest.ok()).toBeTruthy();
  expect((await manifest.json()).icons.length).toBeGreaterThanOrEqual(2);
  await context.close();
  assertQuiet(context);
});
