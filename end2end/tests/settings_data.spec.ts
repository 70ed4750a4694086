import * as fs from 'fs';
import { test, expect, expectRefusal, open, signInAsAdmin } from './helpers';

// The shop's data as an owner keeps it: backups (O2) — the daily hour and the
// copies kept, a wrong hour refused at its field, a copy made now followed to
// "made and checked" — and the member list downloaded as CSV (M3).
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
  await expect(newest.locator('td').nth(4)).toHaveText(/^membership-\d{8}-\d{6}\.(db|dump)$/);
  await expect(page.locator('#backup-now')).toBeEnabled();

  await page.screenshot({ path: test.info().outputPath('backups-1366.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath('backups-390.png'), fullPage: true });
});

test('the owner downloads the member list and the cards as CSV', async ({ page }) => {
  await signInAsAdmin(page);
  await open(page, '/members');
  for (const [link, heading] of [['#export-members', '会员号'], ['#export-cards', '卡号']]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(link).click()]);
    expect(download.suggestedFilename()).toMatch(/^(members|cards)-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = fs.readFileSync(await download.path(), 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1).split(',')[0]).toBe(heading);
  }
});
