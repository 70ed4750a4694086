import { test, expect, expectRefusal, open, signInAsAdmin } from './helpers';

// Backups (O2) as an owner uses them: the daily hour and the copies kept, a wrong
// hour refused at its field, a copy made now followed to "made and checked".
test('the owner sets the daily backup, makes one now and sees it made and checked', async ({ page }) => {
  await signInAsAdmin(page);
  await open(page, '/settings/backups');
  const form = page.locator('#backup-plan-form');

  expectRefusal(page, 400);
  await form.locator('input[name=daily_hour]').fill('25');
  await form.locator('button[type=submit]').click();
  await expect(form.locator('label:has(input[name=daily_hour]) .field-error')).toBeVisible();

  await form.locator('input[name=daily_hour]').fill('2');
  await form.locator('input[name=keep_copies]').fill('5');
  await form.locator('button[type=submit]').click();
  await expect(form.locator('.ok[role=status]')).toHaveText('已保存');
  await open(page, '/settings/backups');
  await expect(form.locator('input[name=daily_hour]')).toHaveValue('2');
  await expect(form.locator('input[name=keep_copies]')).toHaveValue('5');
  await expect(page.locator('#backup-folder')).not.toBeEmpty();

  await page.locator('#backup-now').click();
  const newest = page.locator('#backup-copies tbody tr').first();
  await expect(newest).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(newest).toContainText('已完成并校验');
  await expect(newest).toContainText('王老板');
  await expect(newest.locator('td').nth(2)).toHaveText(/^membership-\d{8}-\d{6}\.(db|dump)$/);
  await expect(page.locator('#backup-now')).toBeEnabled();

  await page.screenshot({ path: test.info().outputPath('backups-1366.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath('backups-390.png'), fullPage: true });
});
