import { test, expect, Page, open, signInAsAdmin, openTill, swipe } from './helpers';

// The till: a level with a category discount, items, a member with a card; then
// a card swipe by a keyboard-wedge reader and by a (fake) serial reader, a sale
// of three items paid half cash half card with the PIN, the 58 mm receipt, and
// the shift closed with a cash difference. Runs after membership.spec.ts, on the
// same server; it signs the company up itself when run alone.
test.describe.configure({ mode: 'serial' });

const PIN = '274619';
const CARD = 'T2001';

test('the admin sets up items, a level and its discount rules', async ({ page }) => {
  await signInAsAdmin(page);
  await open(page, '/settings/catalogue');
  const category = page.locator('#category-form');
  await category.locator('input[name=code]').fill('TOYS');
  await category.locator('input[name=name]').fill('玩具');
  await category.locator('button[type=submit]').click();
  await expect(page.locator('#categories tbody tr', { hasText: '玩具' })).toHaveCount(1);
  await category.locator('input[name=code]').fill('BLOCKS');
  await category.locator('input[name=name]').fill('积木');
  await category.locator('select[name=parent_id]').selectOption({ label: '玩具' });
  await category.locator('button[type=submit]').click();
  await expect(page.locator('#categories tbody tr', { hasText: '玩具 › 积木' })).toHaveCount(1);

  const item = page.locator('#item-form');
  const add = async (code: string, name: string, price: string, categoryLabel: string | null, barcode = '') => {
    await item.locator('input[name=code]').fill(code);
    await item.locator('input[name=name]').fill(name);
    await item.locator('input[name=price]').fill(price);
    await item.locator('input[name=barcode]').fill(barcode);
    if (categoryLabel) await item.locator('select[name=category_id]').selectOption({ label: categoryLabel });
    await item.locator('button[type=submit]').click();
    await expect(page.locator('#items tbody tr', { hasText: name })).toHaveCount(1);
  };
  await add('LEGO1', '乐高积木', '100', '玩具 › 积木');
  await add('COLA', '可口可乐', '3.50', null, '6900000000017');
  await add('CUT', '洗剪吹', '58', null);
  // The short code is the name's pinyin initials.
  await expect(page.locator('#items tbody tr', { hasText: '可口可乐' })).toContainText('KKKL');

  await open(page, '/settings/levels');
  const level = page.locator('#level-form');
  await level.locator('input[name=name]').fill('金卡');
  await level.locator('input[name=rank]').fill('1');
  await level.locator('input[name=rate]').fill('9');
  await level.locator('button[type=submit]').click();
  await expect(page.locator('#levels tbody tr', { hasText: '金卡' })).toContainText('9折');
  const rule = page.locator('#rule-form');
  await rule.locator('select[name=category_id]').selectOption({ label: '玩具' });
  await rule.locator('input[name=rate]').fill('8');
  await rule.locator('button[type=submit]').click();
  await expect(page.locator('#discount-rules tbody tr', { hasText: '玩具' })).toContainText('8折');
  await rule.locator('select[name=category_id]').selectOption('0');
  await rule.locator('input[name=item_code]').fill('cut');
  await rule.locator('input[name=rate]').fill('10');
  await rule.locator('button[type=submit]').click();
  await expect(page.locator('#discount-rules tbody tr', { hasText: '洗剪吹' })).toContainText('原价');
});

test('a gold member gets a stored-value card', async ({ page }) => {
  await signInAsAdmin(page);
  await open(page, '/settings/plans');
  const plans = page.locator('#plans tbody tr', { hasText: '储值卡' });
  if ((await plans.count()) === 0) {
    const form = page.locator('#plan-form');
    await form.locator('input[name=name]').fill('储值卡');
    await form.locator('select[name=kind]').selectOption('stored_value');
    await form.locator('input[name=price]').fill('500');
    await form.locator('input[name=bonus]').fill('50');
    await form.locator('button[type=submit]').click();
    await expect(plans).toHaveCount(1);
  }
  await open(page, '/members/new');
  await page.locator('#member-form input[name=name]').fill('王芳');
  await page.locator('#member-form input[name=phone]').fill('13900139000');
  await page.locator('#member-form select[name=level_id]').selectOption({ label: '金卡' });
  await page.locator('#member-form button[type=submit]').click();
  await expect(page).toHaveURL(/\/members\/\d+$/);
  const issue = page.locator('#issue-card-form');
  const plan = issue.locator('select[name=plan_id] option', { hasText: /^储值卡 ·/ });
  await issue.locator('select[name=plan_id]').selectOption((await plan.getAttribute('value')) ?? '');
  await issue.locator('input[name=card_no]').fill(CARD);
  await issue.locator('input[name=pin]').fill(PIN);
  await issue.locator('input[name=pin_again]').fill(PIN);
  await issue.locator('button[type=submit]').click();
  await expect(page.locator('#balance')).toHaveText('¥550.00');
});

test('a wedge swipe opens the member; typing the same digits does not', async ({ page }) => {
  await signInAsAdmin(page);
  await open(page, '/members');
  const search = page.locator('form.search input').first();
  // A person types the number into the search box: it stays there.
  await search.click();
  await page.keyboard.type(CARD, { delay: 150 });
  await page.waitForTimeout(300);
  await expect(page).toHaveURL(/\/members$/);
  await expect(search).toHaveValue(CARD);
  await search.fill('');
  // A reader types it in a few milliseconds with Enter: the member opens,
  // wherever the focus is.
  await page.locator('h1').click();
  await swipe(page, CARD);
  await expect(page).toHaveURL(/\/members\/\d+$/);
  await expect(page.getByRole('heading', { name: /王芳/ })).toBeVisible();
});

test('a serial reader delivers a card number that opens the member at the till', async ({ page }) => {
  // A fake WebSerial port: it sends the card number once the till opens it.
  await page.addInitScript((card) => {
    const bytes = new TextEncoder().encode(`\u0002${card}\r\n`);
    const port = {
      open: async () => {},
      close: async () => {},
      readable: new ReadableStream({
        start(controller) {
          setTimeout(() => controller.enqueue(bytes), 300);
        },
      }),
    };
    Object.defineProperty(navigator, 'serial', {
      value: { getPorts: async () => [port], requestPort: async () => port },
    });
    localStorage.setItem(
      'card-readers',
      JSON.stringify({
        wedge: { max_gap_ms: 50, min_chars: 4 },
        serial_enabled: true,
        serial_baud: 9600,
        hid_enabled: false,
        hid: { report_id: 0, offset: 0, length: 0, format: 'Ascii' },
      }),
    );
  }, CARD);
  await signInAsAdmin(page);
  await openTill(page);
  await expect(page.locator('#member-chosen')).toContainText('王芳');
  await expect(page.locator('#member-chosen')).toContainText('金卡');
  await open(page, '/till/readers');
  await expect(page.locator('#last-read')).toHaveText(CARD);
  await expect(page.locator('#reader-serial .status')).toContainText('已配对');
});

test('three items with the level discount, paid half cash half card with the PIN', async ({ page }) => {
  await signInAsAdmin(page);
  await openTill(page);
  // F2 and a swipe: the member.
  await page.keyboard.press('F2');
  await swipe(page, CARD);
  await expect(page.locator('#member-chosen')).toContainText('王芳');
  // Items by short code (arrow + Enter), by barcode scan, and by name.
  const items = page.locator('#item-search');
  await expect(items).toBeFocused();
  await items.pressSequentially('LG', { delay: 30 });
  await expect(page.locator('#item-results li')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(page.locator('#basket tbody tr')).toHaveCount(1);
  await items.pressSequentially('6900000000017', { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(page.locator('#basket tbody tr')).toHaveCount(2);
  await items.pressSequentially('洗剪');
  await expect(page.locator('#item-results li', { hasText: '洗剪吹' })).toHaveCount(1);
  // The server's prices for the three lines are held back while the cashier
  // types a quantity: their arrival must not undo the typing.
  let releasePrices = () => {};
  const pricesHeld = new Promise<void>((resolve) => { releasePrices = resolve; });
  await page.route('**/api/quote_sale', async (route) => { await pricesHeld; await route.continue(); });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.locator('#basket tbody tr')).toHaveCount(3);
  // Two blocks: the category rule (8折) through the subcategory.
  const lego = page.locator('#basket tbody tr', { hasText: '乐高积木' }).locator('input.qty');
  await lego.fill('2');
  releasePrices();
  await expect(page.locator('#sale-total')).toHaveText('¥141.15');
  await page.unroute('**/api/quote_sale');
  await expect(lego).toHaveValue('2');
  await lego.press('Tab');
  // 2 × 100 at 8折 = 160; cola at the level's 9折 = 3.15; haircut at full price 58.
  await expect(page.locator('#basket tbody tr', { hasText: '乐高积木' }).locator('.line-total')).toHaveText('¥160.00');
  await expect(page.locator('#basket tbody tr', { hasText: '可口可乐' }).locator('.line-total')).toHaveText('¥3.15');
  await expect(page.locator('#basket tbody tr', { hasText: '洗剪吹' }).locator('.line-total')).toHaveText('¥58.00');
  await expect(page.locator('#sale-total')).toHaveText('¥221.15');

  // Half cash, half card; the customer hands over 120.
  await page.keyboard.press('F8');
  await expect(page.locator('#pay-first')).toBeFocused();
  await page.locator('#pay-first').fill('110.57');
  await page.locator('#pay-member_card').fill('110.58');
  await page.locator('#cash-given').fill('120');
  await expect(page.locator('#change')).toHaveText('¥9.43');
  // The PIN on the pad, by clicks.
  for (const digit of PIN) {
    await page.locator('#pin-pad .keys button', { hasText: new RegExp(`^${digit}$`) }).click();
  }
  await expect(page.locator('#pin')).toHaveValue(PIN);
  await page.screenshot({ path: 'test-results/till-sale.png', fullPage: true });
  await page.keyboard.press('F9');
  await expect(page.locator('#sale-done')).toBeVisible();
  await expect(page.locator('#sale-change')).toHaveText('¥9.43');
  // 550 − 110.58 on the card.
  await expect(page.locator('#card-balance-after')).toHaveText('¥439.42');
  await expect(page.locator('#pay')).toBeDisabled();

  // The receipt on 58 mm paper.
  await page.locator('#print-receipt').click();
  await open(page, page.url().replace(/\?.*$/, '') + '?paper=58');
  const receipt = page.locator('#receipt');
  await expect(receipt).toContainText('乐高积木');
  await expect(receipt).toContainText('¥221.15');
  await expect(receipt).toContainText('¥439.42');
  const width = await receipt.evaluate((e) => e.getBoundingClientRect().width);
  expect(width).toBeLessThanOrEqual(58 * 96 / 25.4 + 1);
  await receipt.screenshot({ path: 'test-results/receipt-58mm.png' });
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: 'test-results/receipt-58mm-print.png', fullPage: true });
  await page.emulateMedia({ media: 'screen' });
});

test('the shift closes with the cash difference shown', async ({ page }) => {
  await signInAsAdmin(page);
  await openTill(page);
  // Esc-free start: a walk-in cash sale of one cola.
  await page.locator('#item-search').fill('cola');
  await expect(page.locator('#item-results li')).toHaveCount(1);
  await page.locator('#item-search').press('Enter');
  await expect(page.locator('#sale-total')).toHaveText('¥3.50');
  await expect(page.locator('#pay-first')).toHaveValue('3.50');
  await page.locator('#pay').click();
  await expect(page.locator('#sale-done')).toBeVisible();

  // The drawer should hold the float and every cash part of this shift; count 5 less.
  const expected = await page.evaluate(async () => {
    const r = await fetch('/api/my_till', { method: 'POST' });
    const state = await r.json();
    return state.open.expected_cash as number;
  });
  const counted = ((expected - 500) / 100).toFixed(2);
  page.once('dialog', (d) => d.accept());
  await page.locator('#close-shift-form input[name=counted_cash]').fill(counted);
  await page.locator('#close-shift-form button[type=submit]').click();
  const report = page.locator('#shift-report');
  await expect(report).toBeVisible();
  await expect(report.locator('dd.count')).toContainText('5.00');
  await expect(report.locator('table.methods')).toContainText('现金');
  await expect(report.locator('table.methods')).toContainText('会员卡');
  await report.screenshot({ path: 'test-results/shift-report.png' });
});
