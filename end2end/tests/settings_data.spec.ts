import * as fs from 'fs';
import { test, expect, expectRefusal, open, openTill, signInAsAdmin } from './helpers';

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

// M3: the old system's member list comes in from a CSV file: checked first
// (the bad row named, nothing written), then imported row by row with its
// progress followed to the end; the member is found at the till.
test('the owner imports members from a CSV file and finds one at the till', async ({ page }) => {
  await signInAsAdmin(page);
  await open(page, '/members');
  await page.locator('#import-members').click();
  await expect(page).toHaveURL(/\/members\/import$/);
  const stamp = String(Date.now()).slice(-6);
  const csv = [
    '会员号,姓名,手机号,性别,积分',
    `IM${stamp}1,赵导入,186${stamp}01,女,120`,
    `IM${stamp}2,,186${stamp}02,男,5`,
    `IM${stamp}3,钱导入,186${stamp}03,未填,0`,
  ].join('\n');
  await page.locator('#import-file').setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.locator('#import-check').click();
  await expect(page.locator('#import-rows')).toHaveText('3');
  await expect(page.locator('#import-to-write')).toHaveText('2');
  await expect(page.locator('#import-bad li')).toHaveCount(1);
  await expect(page.locator('#import-bad li[data-line="3"]')).toContainText('第 3 行');
  await expect(page.locator('#import-bad li[data-line="3"]')).toContainText('姓名');

  await page.locator('#import-row-by-row').check();
  await page.locator('#import-write').click();
  await expect(page.locator('#import-done')).toContainText('新会员 2 位', { timeout: 30_000 });
  await page.screenshot({ path: test.info().outputPath('import-1366.png'), fullPage: true });

  // The same file again writes nothing new.
  await page.locator('#import-check').click();
  await expect(page.locator('#import-already')).toHaveText('2');
  await expect(page.locator('#import-to-write')).toHaveText('0');

  await openTill(page);
  await page.keyboard.press('F2');
  await page.locator('#member-search').fill(`186${stamp}01`);
  await page.locator('#member-search').press('Enter');
  await expect(page.locator('#member-chosen')).toContainText('赵导入');
});
