import { expect, Page } from '@playwright/test';

// What the suites share: opening a page (after hydration) and signing in as the
// admin, setting the company up first when a suite runs alone.
export const ADMIN = { username: 'boss', password: 'happy-island-88' };

export async function open(page: Page, path: string) {
  await page.goto(path);
  await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
}

export async function signInAsAdmin(page: Page) {
  await open(page, '/sign-in');
  if (page.url().endsWith('/setup')) {
    await page.locator('#setup-form input[name=company_name]').fill('欢乐岛儿童乐园');
    await page.locator('#setup-form input[name=head_office_name]').fill('总店');
    await page.locator('#setup-form input[name=admin_username]').fill(ADMIN.username);
    await page.locator('#setup-form input[name=admin_name]').fill('王老板');
    await page.locator('#setup-form input[name=admin_password]').fill(ADMIN.password);
    await page.locator('#setup-form button[type=submit]').click();
    await open(page, '/sign-in');
  }
  await page.locator('#sign-in-form input[name=username]').fill(ADMIN.username);
  await page.locator('#sign-in-form input[name=password]').fill(ADMIN.password);
  await page.locator('#sign-in-form button[type=submit]').click();
  await expect(page.locator('nav li.nav-members a')).toBeVisible();
}
