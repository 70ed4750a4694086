import { test, expect, expectRefusal, open, signInAsAdmin, openTill } from './helpers';

// The shop's own settings as an owner uses them: categories edited and switched
// off, every field error of a form at once, and payment methods of the shop's
// own (WeChat Pay, vouchers) at the till and on the receipt.
test.describe.configure({ mode: 'serial' });

test('categories are edited and switched off; the parent stays chosen; every error shows at its field', async ({ page }) => {
  await signInAsAdmin(page);
  await open(page, '/settings/catalogue');
  const form = page.locator('#category-form');

  // Empty: both problems at once, each beside its field; nothing written.
  expectRefusal(page, 400);
  await form.locator('button[type=submit]').click();
  await expect(form.locator('label:has(input[name=code]) .field-error')).toBeVisible();
  await expect(form.locator('label:has(input[name=name]) .field-error')).toHaveText('不能为空');
  await expect(form.locator('input[name=name]')).toHaveAttribute('aria-invalid', 'true');

  await form.locator('input[name=code]').fill('DRINK');
  await form.locator('input[name=name]').fill('饮品');
  await form.locator('button[type=submit]').click();
  await expect(page.locator('#catalogue-saved')).toHaveText('已保存：饮品');
  await expect(form.locator('.field-error')).toHaveCount(0);
  await expect(form.locator('input[name=name]')).toHaveValue('');

  // Two subcategories in a row under the same parent: it stays chosen.
  await form.locator('select[name=parent_id]').selectOption({ label: '饮品' });
  for (const [code, name] of [['HOT', '热饮'], ['COLD', '冷饮']]) {
    await form.locator('input[name=code]').fill(code);
    await form.locator('input[name=name]').fill(name);
    await form.locator('button[type=submit]').click();
    await expect(page.locator('#catalogue-saved')).toHaveText(`已保存：${name}`);
    await expect(page.locator('#categories tbody tr', { hasText: name })).toHaveCount(1);
    await expect(form.locator('select[name=parent_id] option:checked')).toHaveText('饮品');
  }

  // Edited, then switched off: the list says so and new items are not offered it.
  await page.locator('#categories tbody tr', { hasText: '冷饮' }).getByRole('button').click();
  await expect(form.locator('input[name=name]')).toHaveValue('冷饮');
  await form.locator('input[name=name]').fill('冷饮品');
  await form.locator('input[name=inactive]').check();
  await form.locator('button[type=submit]').click();
  const row = page.locator('#categories tbody tr', { hasText: '冷饮品' });
  await expect(row).toContainText('不再使用');
  await expect(page.locator('#item-form select[name=category_id] option', { hasText: '冷饮品' })).toHaveCount(0);
  await expect(page.locator('#item-form select[name=category_id] option', { hasText: '热饮' })).toHaveCount(1);

  const item = page.locator('#item-form');
  await item.locator('input[name=code]').fill('COFFEE');
  await item.locator('input[name=name]').fill('热咖啡');
  await item.locator('input[name=price]').fill('15');
  await item.locator('select[name=category_id]').selectOption({ label: '饮品 › 热饮' });
  await item.locator('button[type=submit]').click();
  await expect(page.locator('#items tbody tr', { hasText: '热咖啡' })).toHaveCount(1);
  await expect(page.locator('#catalogue-saved')).toHaveText('已保存：热咖啡');
});

test('the shop adds WeChat Pay and vouchers; the till takes them and the receipt names them', async ({ page }) => {
  await signInAsAdmin(page);
  await open(page, '/settings/payment-methods');
  const form = page.locator('#pay-method-form');
  expectRefusal(page, 400);
  await form.locator('button[type=submit]').click();
  await expect(form.locator('label:has(input[name=name_zh_cn]) .field-error')).toHaveText('不能为空');

  await form.locator('input[name=name_zh_cn]').fill('微信支付');
  await form.locator('input[name=name_en]').fill('WeChat Pay');
  await form.locator('button[type=submit]').click();
  await expect(page.locator('#method-saved')).toHaveText('已保存：微信支付');
  await expect(form.locator('input[name=name_zh_cn]')).toHaveValue('');
  await form.locator('input[name=name_zh_cn]').fill('代金券');
  await form.locator('input[name=into_drawer]').check();
  await form.locator('button[type=submit]').click();
  await expect(page.locator('#method-saved')).toHaveText('已保存：代金券');
  const methods = page.locator('#pay-methods tbody tr');
  await expect(methods).toHaveCount(6);
  await expect(methods.filter({ hasText: '代金券' })).toContainText('是');
  // The shop takes no cheques.
  await methods.filter({ hasText: '支票' }).getByRole('button', { name: '停用' }).click();
  await expect(methods.filter({ hasText: '支票' })).toContainText('已停用');

  // At the till: WeChat and vouchers beside cash, no cheque.
  await openTill(page);
  await expect(page.locator('#sale-pay label', { hasText: '微信支付' })).toBeVisible();
  await expect(page.locator('#pay-cheque')).toHaveCount(0);
  await page.locator('#item-search').fill('COFFEE');
  await expect(page.locator('#item-results li')).toHaveCount(1);
  await page.locator('#item-search').press('Enter');
  await page.locator('#item-search').fill('COFFEE');
  await expect(page.locator('#item-results li')).toHaveCount(1);
  await page.locator('#item-search').press('Enter');
  await expect(page.locator('#sale-total')).toHaveText('¥30.00');
  // 20 by WeChat, 10 in vouchers: cash re-balances to nothing.
  await page.locator('#pay-m1').fill('20');
  await page.locator('#pay-m2').fill('10');
  await expect(page.locator('#pay-first')).toHaveValue('');
  await page.keyboard.press('F9');
  await expect(page.locator('#sale-done')).toBeVisible();
  await page.locator('#print-receipt').click();
  const receipt = page.locator('#receipt');
  await expect(receipt).toContainText('微信支付');
  await expect(receipt).toContainText('代金券');
  // In English the method reads by its English name, the voucher by its only one.
  await page.locator('select[name=language]').selectOption('en');
  await expect(receipt).toContainText('WeChat Pay');
  await expect(receipt).toContainText('代金券');
  await page.locator('select[name=language]').selectOption('zh-CN');
  await expect(receipt).toContainText('微信支付');
});
