import { test, expect, Page, assertQuiet, expectRefusal, watchContext } from './helpers';

// One shop, from an empty database: set-up, admin, a branch, a cashier.
// The tests run in order and share the server's state.
test.describe.configure({ mode: 'serial' });

const ADMIN = { username: 'boss', password: 'happy-island-88' };
const CASHIER = { username: 'lina', password: 'till-4-ever' };

// Navigates and waits until the page is hydrated (its controls react).
async function open(page: Page, path: string) {
  await page.goto(path);
  await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
}

async function signIn(page: Page, who: { username: string; password: string }) {
  await open(page, '/sign-in');
  await page.locator('#sign-in-form input[name=username]').fill(who.username);
  await page.locator('#sign-in-form input[name=password]').fill(who.password);
  await page.locator('#sign-in-form button[type=submit]').click();
}

test('every page leads to set-up while there is no company; bad input is refused in the chosen language', async ({ page }) => {
  // Four refusals below, each a 400 the browser notes in its console.
  expectRefusal(page, 400, 5);
  await open(page, '/settings/staff');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: '首次设置' })).toBeVisible();

  // Empty form: every problem at once, each next to its field; nothing written.
  await page.locator('#setup-form button[type=submit]').click();
  await expect(page.locator('#setup-form .error')).toContainText('公司名称：不能为空');
  await expect(page.locator('#setup-form .error')).toContainText('用户名：');
  await expect(page.locator('#setup-form label:has(input[name=company_name]) .field-error')).toHaveText('不能为空');
  await expect(page.locator('#setup-form label:has(input[name=admin_username]) .field-error')).toBeVisible();
  await expect(page.locator('#setup-form input[name=company_name]')).toHaveAttribute('aria-invalid', 'true');

  // Oversize (the field's maxlength removed, as a hand-made request could do).
  const company = page.locator('#setup-form input[name=company_name]');
  await company.evaluate((el) => el.removeAttribute('maxlength'));
  await company.fill('乐'.repeat(61));
  await page.locator('#setup-form button[type=submit]').click();
  await expect(page.locator('#setup-form .error')).toContainText('公司名称：不能超过 60 个字符');

  // The same message in English after switching language.
  await page.locator('select[name=language]').selectOption('en');
  await page.locator('#setup-form button[type=submit]').click();
  await expect(page.locator('#setup-form .error')).toContainText('Company name: must be at most 60 characters');
  await page.locator('select[name=language]').selectOption('zh-CN');

  // A weak password is refused too.
  await company.fill('欢乐岛儿童乐园');
  await page.locator('#setup-form input[name=head_office_name]').fill('总店');
  await page.locator('#setup-form input[name=admin_username]').fill(ADMIN.username);
  await page.locator('#setup-form input[name=admin_name]').fill('王老板');
  await page.locator('#setup-form input[name=admin_password]').fill('password');
  await page.locator('#setup-form button[type=submit]').click();
  await expect(page.locator('#setup-form .error')).toContainText('密码：');
  // A strong password typed differently the second time.
  await page.locator('#setup-form input[name=admin_password]').fill(ADMIN.password);
  await page.locator('#setup-form input[name=admin_password_again]').fill(ADMIN.password + 'x');
  await page.locator('#setup-form button[type=submit]').click();
  await expect(page.locator('#setup-form .error')).toHaveText('再次输入密码：两次输入不一致');

  // Nothing was written: a fresh visit still lands on set-up.
  await open(page, '/');
  await expect(page).toHaveURL(/\/setup$/);
});

test('set-up creates the company once; a second attempt is refused, also by a direct call', async ({ page }) => {
  await open(page, '/setup');
  await page.locator('#setup-form input[name=company_name]').fill('欢乐岛儿童乐园');
  await page.locator('#setup-form select[name=time_zone]').selectOption('Asia/Shanghai');
  await page.locator('#setup-form input[name=head_office_name]').fill('总店');
  await page.locator('#setup-form input[name=admin_username]').fill(ADMIN.username);
  await page.locator('#setup-form input[name=admin_name]').fill('王老板');
  await page.locator('#setup-form input[name=admin_password]').fill(ADMIN.password);
  await page.locator('#setup-form input[name=admin_password_again]').fill(ADMIN.password);
  await page.locator('#setup-form button[type=submit]').click();
  // Set up and signed in as the new admin.
  await expect(page.locator('header.top')).toContainText('王老板');

  // The wizard is gone for good.
  await open(page, '/setup');
  await expect(page).not.toHaveURL(/\/setup$/);

  // And the server function itself refuses, whatever it is sent.
  const again = await page.request.post('/api/set_up', {
    form: {
      company_name: 'Takeover Ltd', currency_symbol: '$', time_zone: 'UTC', head_office_name: 'HQ',
      admin_username: 'mallory', admin_name: 'M', admin_password: 'takeover-2026',
    },
  });
  expect(again.ok()).toBeFalsy();
  expect(await again.text()).toContain('AlreadySetUp');
});

test('admin signs in, adds a branch and a cashier at that branch', async ({ page }) => {
  expectRefusal(page, 401);
  await signIn(page, { username: ADMIN.username, password: 'wrong-password-1' });
  await expect(page.locator('#sign-in-form .error')).toHaveText('用户名或密码错误。连续输错多次后账户会被锁定一段时间：请稍后再试，或请管理员重置密码。');
  await signIn(page, ADMIN);
  await expect(page.locator('header.top')).toContainText('王老板');
  await expect(page.locator('nav .nav-settings')).toBeVisible();

  await page.locator('nav .nav-settings a').click();
  await expect(page).toHaveURL(/\/settings\/stores$/);
  const form = page.locator('#add-store-form');
  await form.locator('input[name=code]').fill('sz-01');
  await form.locator('input[name=name]').fill('深圳南山店');
  await form.locator('input[name=phone]').fill('0755-1234 5678');
  await form.locator('button[type=submit]').click();
  await expect(page.locator('#stores tr[data-code="SZ-01"]')).toContainText('深圳南山店');

  // The same code twice is refused with a message.
  await form.locator('input[name=code]').fill('SZ-01');
  await form.locator('input[name=name]').fill('重复');
  await form.locator('button[type=submit]').click();
  expectRefusal(page, 400);
  await expect(form.locator('.error')).toHaveText('门店编号：已被使用');

  await page.getByRole('link', { name: '员工' }).click();
  await expect(page).toHaveURL(/\/settings\/staff$/);
  const staff = page.locator('#add-staff-form');
  // Empty username: refused, nothing written.
  await staff.locator('button[type=submit]').click();
  expectRefusal(page, 400);
  // Every problem at once, each next to its field.
  await expect(staff.locator('.error')).toContainText('用户名：不能为空');
  await expect(staff.locator('label:has(input[name=username]) .field-error')).toHaveText('不能为空');
  await expect(staff.locator('label:has(input[name=password]) .field-error')).toBeVisible();
  await staff.locator('input[name=username]').fill(CASHIER.username);
  await staff.locator('input[name=name]').fill('李娜');
  await staff.locator('select[name=role]').selectOption('cashier');
  await staff.locator('select[name=home_store_id]').selectOption({ label: 'SZ-01 深圳南山店' });
  await staff.locator('input[name=password]').fill(CASHIER.password);
  await staff.locator('button[type=submit]').click();
  const row = page.locator('#staff tr[data-username="lina"]');
  await expect(row).toContainText('收银员');
  await expect(row).toContainText('深圳南山店');
  await expect(page.locator('#staff tbody tr')).toHaveCount(2);
  // The form says what was saved and starts over: the password is gone.
  await expect(staff.getByRole('status')).toHaveText('已保存：李娜');
  await expect(staff.locator('input[name=password]')).toHaveValue('');
  await expect(staff.locator('input[name=username]')).toHaveValue('');

  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('the cashier sees the till, is refused Settings, and switches language', async ({ page }) => {
  await signIn(page, CASHIER);
  await expect(page).toHaveURL(/\/till$/);
  await expect(page.locator('nav .nav-till')).toHaveText('收银台');
  await expect(page.locator('nav .nav-settings')).toHaveCount(0);

  // Typing the address does not help: the page refuses, and so does the server.
  await open(page, '/settings/staff');
  expectRefusal(page, 403);
  await expect(page.locator('.error')).toHaveText('您没有权限执行此操作。');
  const direct = await page.request.post('/api/create_store', {
    form: { code: 'X1', name: '黑店', address: '', phone: '', owner: '' },
  });
  expect(direct.ok()).toBeFalsy();
  expect(await direct.text()).toContain('Forbidden');
  const listing = await page.request.post('/api/list_staff', { form: {} });
  expect(await listing.text()).toContain('Forbidden');

  await open(page, '/till');
  await page.locator('select[name=language]').selectOption('en');
  await expect(page.locator('nav .nav-till')).toHaveText('Till');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  // The choice is remembered across a reload.
  await page.reload();
  await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
  await expect(page.locator('nav .nav-till')).toHaveText('Till');
  await page.locator('select[name=language]').selectOption('zh-CN');
  await expect(page.locator('nav .nav-till')).toHaveText('收银台');
});

test('the cashier opens a shift with a float and closes it with a cash difference', async ({ page }) => {
  // The admin adds the branch's till; on its PC the cashier types the code once (S5).
  await signIn(page, ADMIN);
  await expect(page.locator('header.top')).toBeVisible();
  await page.goto('/settings/tills');
  await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
  const add = page.locator('#add-till-form');
  await add.locator('input[name=name]').fill('前台 1');
  await add.locator('select[name=store_id]').selectOption({ label: '深圳南山店' });
  await add.locator('button[type=submit]').click();
  const code = (await page.locator('#pairing-code').textContent()) ?? '';
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await expect(page.locator('#tills tr[data-name="前台 1"]')).toHaveAttribute('data-state', 'waiting');
  await page.context().clearCookies();

  await signIn(page, CASHIER);
  await expect(page).toHaveURL(/\/till$/);
  const pair = page.locator('#pair-till');
  await expect(pair).toContainText('不是本店登记的收银台');
  await pair.locator('input[name=code]').fill('ABCD-EFGH-JKMN');
  await pair.locator('button[type=submit]').click();
  expectRefusal(page, 400);
  await expect(pair.locator('.error')).toHaveText('配对码不对、已用过或已过期。');
  await pair.locator('input[name=code]').fill(code.toLowerCase());
  await pair.locator('button[type=submit]').click();
  await expect(page.locator('#till-name')).toContainText('前台 1');
  const open = page.locator('#open-shift');
  await expect(open).toContainText('还没有开班');
  await open.locator('input[name=float]').fill('200.555');
  await open.locator('button[type=submit]').click();
  expectRefusal(page, 400);
  await expect(open.locator('.error')).toHaveText('备用金：最多两位小数');
  await open.locator('input[name=float]').fill('-5');
  await open.locator('button[type=submit]').click();
  expectRefusal(page, 400);
  await expect(open.locator('.error')).toHaveText('备用金：不能为负数');
  await open.locator('input[name=float]').fill('¥200');
  await open.locator('button[type=submit]').click();

  const current = page.locator('#current-shift');
  await expect(current).toContainText('¥200.00');
  page.once('dialog', (dialog) => dialog.accept());
  await current.locator('input[name=counted_cash]').fill('195.5');
  await current.locator('button[type=submit]').click();

  const report = page.locator('#shift-report');
  await expect(report).toContainText('应有现金');
  await expect(report.locator('dd.count')).toHaveText('短款 ¥4.50');
  await expect(report).toContainText('¥195.50');
  await expect(page.locator('#open-shift')).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: 'test-results/shift-report-print.png', fullPage: true });
  await page.emulateMedia({ media: 'screen' });
});

test('the language follows the browser until one is chosen', async ({ browser }) => {
  for (const [locale, heading] of [['zh-TW', '員工登入'], ['zh-HK', '員工登入'], ['en-US', 'Staff sign-in'], ['zh-CN', '员工登录']]) {
    const context = await browser.newContext({ locale });
    watchContext(context);
    const page = await context.newPage();
    await open(page, '/sign-in');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    assertQuiet(context);
    await context.close();
  }
});

test('cross-site writes are refused', async ({ page }) => {
  const res = await page.request.post('/api/sign_in', {
    form: { username: ADMIN.username, password: ADMIN.password },
    headers: { Origin: 'http://evil.example' },
  });
  expect(res.status()).toBe(403);
});
