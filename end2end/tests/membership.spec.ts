import { test, expect, Page, open, signInAsAdmin, expectRefusal } from './helpers';

// A small shop runs its cards from the browser: plans, a member, a count card and
// a stored-value card, recharge, deduction with PIN, wrong PINs, loss report,
// replacement, and the old number refused. Runs after foundation.spec.ts (which
// sets the company up) and shares its server; it sets up on its own otherwise.
test.describe.configure({ mode: 'serial' });

const PIN = '583920';

async function findCard(page: Page, number: string) {
  await open(page, '/cards');
  await page.locator('#find-card-form input[name=number]').fill(number);
  await page.locator('#find-card-form button[type=submit]').click();
  await expect(page).toHaveURL(/\/cards\/\d+/);
  await page.locator('#card-no').waitFor();
}

async function planValue(page: Page, name: string): Promise<string> {
  const option = page.locator('#issue-card-form select[name=plan_id] option', { hasText: name });
  return (await option.getAttribute('value')) ?? '';
}

test('the admin sets up the items and two card plans', async ({ page }) => {
  await signInAsAdmin(page);
  await open(page, '/settings/catalogue');
  await page.locator('#category-form input[name=code]').fill('play');
  await page.locator('#category-form input[name=name]').fill('游乐');
  await page.locator('#category-form button[type=submit]').click();
  await expect(page.locator('#categories tbody tr')).toHaveCount(1);
  await page.locator('#item-form input[name=code]').fill('P1H');
  await page.locator('#item-form input[name=name]').fill('游乐一小时');
  await page.locator('#item-form input[name=price]').fill('45');
  await page.locator('#item-form select[name=category_id]').selectOption({ label: '游乐' });
  await page.locator('#item-form button[type=submit]').click();
  await expect(page.locator('#items tbody tr')).toHaveCount(1);

  await open(page, '/settings/plans');
  const form = page.locator('#plan-form');
  await form.locator('input[name=name]').fill('储值卡');
  await form.locator('select[name=kind]').selectOption('stored_value');
  await form.locator('input[name=price]').fill('500');
  await form.locator('input[name=bonus]').fill('50');
  await form.locator('input[name=recharge_every]').fill('1000');
  await form.locator('input[name=recharge_bonus]').fill('100');
  await form.locator('button[type=submit]').click();
  await expect(page.locator('#plans tbody tr')).toHaveCount(1);

  await form.locator('input[name=name]').fill('十次卡');
  await form.locator('select[name=kind]').selectOption('count');
  await form.locator('input[name=price]').fill('300');
  // A count plan needs its visits: refused with the field named.
  await form.locator('input[name=visits]').fill('0');
  await form.locator('button[type=submit]').click();
  expectRefusal(page, 400);
  await expect(form.locator('.error')).toHaveText('次数：必须在 1 到 1000 之间');
  await form.locator('input[name=visits]').fill('10');
  await form.locator('select[name=validity]').selectOption('year');
  await form.locator('#plan-covers label', { hasText: '游乐一小时' }).locator('input').check();
  await form.locator('button[type=submit]').click();
  await expect(page.locator('#plans tbody tr')).toHaveCount(2);
});

test('a new member gets a count card and a stored-value card', async ({ page }) => {
  await signInAsAdmin(page);
  await open(page, '/members/new');
  await page.locator('#member-form input[name=name]').fill('李小明');
  await page.locator('#member-form input[name=phone]').fill('138 0013 8000');
  await page.locator('#member-form button[type=submit]').click();
  await expect(page).toHaveURL(/\/members\/\d+$/);
  await expect(page.getByRole('heading', { name: /李小明/ })).toBeVisible();

  // The count card.
  const issue = page.locator('#issue-card-form');
  await issue.locator('select[name=plan_id]').selectOption(await planValue(page, '十次卡'));
  await issue.locator('input[name=card_no]').fill('C1001');
  await issue.locator('button[type=submit]').click();
  await expect(page).toHaveURL(/\/cards\/\d+\?slip=\d+/);
  await expect(page.locator('#visits-left')).toHaveText('10');
  await expect(page.locator('#covers')).toHaveText('游乐一小时');
  await page.locator('#visit-form button[type=submit]').click();
  await expect(page.locator('#visits-left')).toHaveText('9');

  // The stored-value card, with a PIN; a trivial PIN is refused first.
  await open(page, '/members?q=13800138000');
  await page.locator('#members a', { hasText: '李小明' }).click();
  await expect(page.locator('#member-cards tbody tr')).toHaveCount(1);
  await issue.locator('select[name=plan_id]').selectOption(await planValue(page, '储值卡'));
  await issue.locator('input[name=card_no]').fill('S1001');
  await issue.locator('input[name=pin]').fill('123456');
  await issue.locator('input[name=pin_again]').fill('123456');
  await issue.locator('button[type=submit]').click();
  expectRefusal(page, 400);
  await expect(issue.locator('.error')).toContainText('卡密码：太容易被猜到');
  await issue.locator('input[name=pin]').fill(PIN);
  await issue.locator('input[name=pin_again]').fill('583921');
  await issue.locator('button[type=submit]').click();
  expectRefusal(page, 400);
  await expect(issue.locator('.error')).toHaveText('卡密码：两次输入不一致');
  await issue.locator('input[name=pin_again]').fill(PIN);
  await issue.locator('button[type=submit]').click();
  await expect(page).toHaveURL(/\/cards\/\d+\?slip=\d+/);
  await expect(page.locator('#balance')).toHaveText('¥550.00');
});

test('recharge, deduct with the PIN, and wrong PINs show the tries left', async ({ page }) => {
  await signInAsAdmin(page);
  await findCard(page, 's1001');
  await page.locator('#recharge-form input[name=amount]').fill('1000');
  await page.locator('#recharge-form button[type=submit]').click();
  // 1000 paid, 100 bonus by the plan's rule.
  await expect(page.locator('#balance')).toHaveText('¥1,650.00');
  await expect(page.locator('#bonus')).toHaveText('¥150.00');

  await page.locator('#spend-form input[name=amount]').fill('30');
  await page.locator('#spend-form input[name=pin]').fill(PIN);
  await page.locator('#spend-form button[type=submit]').click();
  await expect(page.locator('#balance')).toHaveText('¥1,620.00');
  await expect(page.locator('#last-slip')).toContainText('扣款');
  // A done deduction leaves an empty form: Enter again cannot charge twice.
  await expect(page.locator('#spend-form input[name=amount]')).toHaveValue('');

  for (const left of [4, 3, 2]) {
    await page.locator('#spend-form input[name=amount]').fill('10');
    await page.locator('#spend-form input[name=pin]').fill('111111');
    await page.locator('#spend-form button[type=submit]').click();
    expectRefusal(page, 409);
    await expect(page.locator('#card-errors .error')).toHaveText(`密码错误，还可以再试 ${left} 次`);
  }
  await expect(page.locator('#balance')).toHaveText('¥1,620.00');

  // The slip of the deduction prints from the history.
  await page.locator('#card-history tr[data-kind=spend] a').first().click();
  await expect(page.locator('#slip')).toContainText('扣款');
  await expect(page.locator('#slip')).toContainText('¥1,620.00');
});

test('a lost card is frozen, replaced, and its old number refused', async ({ page }) => {
  await signInAsAdmin(page);
  await findCard(page, 'S1001');
  const oldUrl = page.url();
  page.once('dialog', (d) => d.accept());
  await page.locator('#freeze-form button[type=submit]').click();
  await expect(page.locator('#card-status')).toHaveText('已挂失');
  await expect(page.locator('#spend-form')).toHaveCount(0);

  page.once('dialog', (d) => d.accept());
  await page.locator('#replace-form input[name=new_no]').fill('S1002');
  await page.locator('#replace-form button[type=submit]').click();
  await expect(page.locator('#card-status')).toHaveText('已补卡作废');
  await expect(page.locator('#replaced-by')).toHaveText('S1002');

  await findCard(page, 'S1002');
  await expect(page.locator('#balance')).toHaveText('¥1,620.00');
  await expect(page.locator('#card-status')).toHaveText('正常');

  // The count card moves its visits too; an active card's replacement sits
  // under "more actions".
  await findCard(page, 'C1001');
  await page.locator('details.more', { has: page.locator('#replace-form') }).locator('summary').click();
  page.once('dialog', (d) => d.accept());
  await page.locator('#replace-form input[name=new_no]').fill('C1002');
  await page.locator('#replace-form button[type=submit]').click();
  await expect(page.locator('#card-status')).toHaveText('已补卡作废');
  await findCard(page, 'C1002');
  await expect(page.locator('#visits-left')).toHaveText('9');

  // The old number takes no money, whatever the page shows.
  const oldId = Number(oldUrl.match(/\/cards\/(\d+)/)![1]);
  const answer = await page.evaluate(async (cardId) => {
    const response = await fetch('/api/act_on_card', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        request_id: 'e2e-old-number-0001',
        card_id: cardId,
        action: { Spend: { amount: '1', pin: '583920' } },
        reason: '',
      }),
    });
    return { status: response.status, body: await response.text() };
  }, oldId);
  expect(answer.status).toBe(409);
  expectRefusal(page, 409);
  expect(answer.body).toContain('CardNumberRetired');
  await open(page, oldUrl);
  await expect(page.locator('#card-status')).toHaveText('已补卡作废');
  await expect(page.locator('#spend-form')).toHaveCount(0);
});


test('the owner finds who froze the card, when, and what changed', async ({ page }) => {
  await signInAsAdmin(page);
  await findCard(page, 'S1001');
  await page.locator('#card-changes').click();
  await expect(page).toHaveURL(/\/reports\/audit\?what=cards&which=S1001/);
  const frozen = page.locator('#audit-log tbody tr', {
    has: page.locator('li[data-field=status] .after', { hasText: '已挂失' }),
  });
  await expect(frozen).toHaveCount(1);
  await expect(frozen.locator('li[data-field=status] .before')).toHaveText('正常');
  await expect(frozen.locator('td').nth(1)).toHaveText('boss');
  await expect(frozen.locator('td').nth(0)).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  // The deduction shows the balance before and after it.
  const spent = page.locator('#audit-log tbody tr', { has: page.locator('li[data-field=principal_fen]') });
  expect(await spent.count()).toBeGreaterThan(0);
  await expect(spent.first().locator('li[data-field=principal_fen]')).toContainText('→ ¥');

  // The same search by its address, and the security log of the sign-ins.
  await open(page, '/reports/audit?what=cards&which=S1001');
  await expect(frozen).toHaveCount(1);
  await open(page, '/reports/security?person=boss');
  await expect(page.locator('#security-log tr[data-event=signed_in]').first()).toContainText('登录');
  await page.setViewportSize({ width: 1366, height: 768 });
  await open(page, '/reports/audit?what=cards&which=S1001');
  await page.screenshot({ path: test.info().outputPath('audit-1366.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath('audit-390.png'), fullPage: true });
});
test('a cashier serves the card but cannot refund, replace or return it', async ({ page }) => {
  await signInAsAdmin(page);
  await open(page, '/settings/staff');
  const staff = page.locator('#add-staff-form');
  await staff.locator('input[name=username]').fill('mei');
  await staff.locator('input[name=name]').fill('小美');
  await staff.locator('select[name=role]').selectOption('cashier');
  const headOffice = staff.locator('select[name=home_store_id] option', { hasText: '总店' });
  await staff.locator('select[name=home_store_id]').selectOption((await headOffice.getAttribute('value')) ?? '');
  await staff.locator('input[name=password]').fill('till-4-ever');
  await staff.locator('button[type=submit]').click();
  await expect(page.locator('#staff tr[data-username="mei"]')).toBeVisible();
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.locator('#sign-in-form input[name=username]').fill('mei');
  await page.locator('#sign-in-form input[name=password]').fill('till-4-ever');
  await page.locator('#sign-in-form button[type=submit]').click();
  await expect(page).toHaveURL(/\/till$/);
  await findCard(page, 'S1002');
  await expect(page.locator('#recharge-form')).toBeVisible();
  await expect(page.locator('#freeze-form')).toBeVisible();
  await expect(page.locator('#replace-form')).toHaveCount(0);
  await expect(page.locator('#return-form')).toHaveCount(0);
  await expect(page.locator('#card-history button')).toHaveCount(0);

  await page.locator('#spend-form input[name=amount]').fill('20');
  await page.locator('#spend-form input[name=pin]').fill(PIN);
  await page.locator('#spend-form button[type=submit]').click();
  await expect(page.locator('#balance')).toHaveText('¥1,600.00');

  // Even a hand-made request is refused, and nothing moves.
  const spend = page.locator('#card-history tr[data-kind=spend] a').first();
  const slipId = Number((await spend.getAttribute('href'))!.match(/\/slips\/(\d+)/)![1]);
  const answer = await page.evaluate(async (id) => {
    const body = new URLSearchParams({ request_id: 'e2e-refund-by-cashier', original_id: String(id), amount: '20', visits: '', reason: '' });
    const response = await fetch('/api/reverse_transaction', { method: 'POST', body });
    return { status: response.status, body: await response.text() };
  }, slipId);
  expect(answer.status).toBe(403);
  expectRefusal(page, 403);
  expect(answer.body).toContain('Forbidden');
  await page.reload();
  await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
  await expect(page.locator('#balance')).toHaveText('¥1,600.00');
});
