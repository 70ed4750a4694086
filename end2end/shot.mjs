import { chromium } from '@playwright/test';
const base = 'http://127.0.0.1:3600';
const [w, h, path, out, lines] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4], process.argv[5], process.argv[6]];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: w, height: h }, locale: 'zh-CN' });
page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text()); });
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(base + '/sign-in');
await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
await page.fill('#sign-in-form input[name=username]', 'boss');
await page.fill('#sign-in-form input[name=password]', 'happy-island-88');
await page.click('#sign-in-form button[type=submit]');
await page.waitForTimeout(800);
await page.goto(base + path);
await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
if (lines) {
  const float = page.locator('#open-shift input[name=float]');
  if (await float.isVisible()) { await float.fill('200'); await page.click('#open-shift button[type=submit]'); await page.locator('#sale').waitFor(); }
  await page.keyboard.press('F2'); await page.keyboard.type('13900000001'); await page.keyboard.press('Enter');
  await page.locator('#member-chosen').waitFor();
  for (const code of lines.split(',')) { await page.keyboard.type(code); await page.keyboard.press('Enter'); await page.waitForTimeout(300); }
  await page.keyboard.press('F8');
  await page.waitForTimeout(500);
  await page.evaluate(() => window.scrollTo(0, 0));
}
await page.screenshot({ path: out, fullPage: false });
await browser.close();
