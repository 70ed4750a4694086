import { test, expect, Page, open, signInAsAdmin } from './helpers';

// Receipts and slips reach the printer on their paper: printed to PDF with the
// page size the CSS asks for (`preferCSSPageSize`), every page is 58 mm or
// 80 mm wide. Runs after playcentre.spec.ts (sale 1 and slip 1 exist).

const MM_IN_POINTS = 72 / 25.4;

/// The widths of the printed pages, in millimetres.
async function printedWidths(page: Page): Promise<number[]> {
  await page.emulateMedia({ media: 'print' });
  const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: false })).toString('latin1');
  await page.emulateMedia({ media: 'screen' });
  const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*[\d.]+\s+[\d.]+\s+([\d.]+)\s+[\d.]+\s*\]/g)];
  return boxes.map((m) => Number(m[1]) / MM_IN_POINTS);
}

for (const [path, paper] of [
  ['/receipts/1?paper=58', 58],
  ['/receipts/1?paper=80', 80],
  ['/receipts/1', 80],
  ['/slips/1?paper=58', 58],
  ['/slips/1', 80],
] as const) {
  test(`${path} prints on ${paper} mm paper`, async ({ page }) => {
    await signInAsAdmin(page);
    await open(page, path);
    await expect(page.locator('article.slip')).toBeVisible();
    const widths = await printedWidths(page);
    expect(widths.length, 'pages printed').toBeGreaterThan(0);
    for (const width of widths) {
      expect(Math.abs(width - paper), `page width ${width.toFixed(1)} mm`).toBeLessThan(0.5);
    }
  });
}
