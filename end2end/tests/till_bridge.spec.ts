import { test, expect, open, signInAsAdmin, openTill, allowConsoleErrors } from './helpers';
import { Bridge, READER, VirtualCard, uidAnswer } from './bridge_helpers';

// A desktop contactless reader through the PC/SC bridge (K3): the bridge
// daemon runs on a real PC/SC stack (pcscd with a vsmartcard-vpcd virtual
// reader, started by `cargo xtask test`); the Card readers page pairs with it
// by a one-time code; a card on the reader then opens its member at the till
// as a swipe does, and the till finds the bridge again by itself after the
// daemon restarts.
test.describe.configure({ mode: 'serial' });

const PIN = '385172';

test('a card on a PC/SC reader opens its member at the till through the paired bridge', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  // While the daemon is stopped the browser itself logs each failed try.
  allowConsoleErrors(page, /WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/' failed/);
  const bridge = await Bridge.start(new URL(baseURL!).origin);
  try {
    await signInAsAdmin(page);
    // A member whose card carries a 7-byte UID, as an M1/DESFire card has.
    const uid = '04' + Array.from({ length: 6 }, () => Math.floor(Math.random() * 256).toString(16).padStart(2, '0')).join('').toUpperCase();
    const phone = `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    await open(page, '/settings/plans');
    const plans = page.locator('#plans tbody tr', { hasText: '读卡桥储值卡' });
    if ((await plans.count()) === 0) {
      const form = page.locator('#plan-form');
      await form.locator('input[name=name]').fill('读卡桥储值卡');
      await form.locator('select[name=kind]').selectOption('stored_value');
      await form.locator('input[name=price]').fill('100');
      await form.locator('button[type=submit]').click();
      await expect(plans).toHaveCount(1);
    }
    await open(page, '/members/new');
    await page.locator('#member-form input[name=name]').fill('周读卡');
    await page.locator('#member-form input[name=phone]').fill(phone);
    await page.locator('#member-form button[type=submit]').click();
    await expect(page).toHaveURL(/\/members\/\d+$/);
    const issue = page.locator('#issue-card-form');
    const plan = issue.locator('select[name=plan_id] option', { hasText: /^读卡桥储值卡 ·/ });
    await issue.locator('select[name=plan_id]').selectOption((await plan.getAttribute('value')) ?? '');
    await issue.locator('input[name=card_no]').fill(`B${uid.slice(-8)}`);
    await issue.locator('input[name=uid]').fill(uid);
    await issue.locator('input[name=pin]').fill(PIN);
    await issue.locator('input[name=pin_again]').fill(PIN);
    await issue.locator('button[type=submit]').click();
    await expect(page.locator('#balance')).toHaveText('¥100.00');

    // Pairing: a wrong code is refused; the right one pairs this browser.
    await open(page, '/till/readers');
    const status = page.locator('#bridge-status');
    await expect(status).toHaveText('未配对');
    const form = page.locator('#bridge-form');
    await form.locator('input[name=port]').fill(String(bridge.port));
    const code = bridge.pairingCode();
    await form.locator('input[name=code]').fill(code === '000000' ? '111111' : '000000');
    await form.locator('button[type=submit]').click();
    await expect(status).toContainText('配对码不对');
    await form.locator('input[name=code]').fill(code.slice(0, 3) + ' ' + code.slice(3));
    await form.locator('button[type=submit]').click();
    await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
    await expect(status).toHaveText(`已连接。读卡器：${READER}`);
    await expect(page.locator('#bridge-forget')).toBeVisible();
    await page.screenshot({ path: 'test-results/readers-bridge-1366.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('#reader-bridge').screenshot({ path: 'test-results/readers-bridge-390.png' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1366, height: 768 });

    // The live test shows the card's UID; a card that answers 6A 81 is named.
    let card = await VirtualCard.present(uidAnswer(uid));
    await expect(page.locator('#last-read')).toHaveText(uid);
    await card.remove();
    const odd = await VirtualCard.present([0x6a, 0x81]);
    await expect(page.locator('#reader-note')).toContainText('6A81');
    await odd.remove();

    // At the till the card opens its member, as a swipe does.
    await openTill(page);
    await expect(page.locator('#bridge-note')).toHaveCount(0);
    card = await VirtualCard.present(uidAnswer(uid));
    await expect(page.locator('#member-chosen')).toContainText('周读卡');
    await card.remove();
    await page.locator('#member-chosen button.link').click();
    await expect(page.locator('#member-chosen')).toHaveCount(0);

    // The daemon stops: the till says so; it starts again: the till is back by itself.
    await bridge.stop();
    await expect(page.locator('#bridge-note')).toContainText('连不上读卡桥');
    await page.screenshot({ path: 'test-results/till-bridge-down-1366.png' });
    await bridge.run();
    await expect(page.locator('#bridge-note')).toHaveCount(0, { timeout: 15_000 });
    card = await VirtualCard.present(uidAnswer(uid));
    await expect(page.locator('#member-chosen')).toContainText('周读卡');
    await card.remove();

    // The members page opens the member from the reader too.
    await open(page, '/members');
    card = await VirtualCard.present(uidAnswer(uid));
    await expect(page).toHaveURL(/\/members\/\d+$/);
    await expect(page.getByRole('heading', { name: /周读卡/ })).toBeVisible();
    await card.remove();
  } finally {
    await bridge.stop();
  }
});
