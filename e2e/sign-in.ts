import type { Browser, Page } from "@playwright/test";

/** A demo account (packages/db/src/dev/seed.ts). */
export interface Account {
  email: string;
  password: string;
}

/** Signs `page` in through the sign-in form and waits until it lands back on `callbackUrl`. */
export async function signIn(page: Page, account: Account, callbackUrl: string): Promise<void> {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`**${callbackUrl}`);
}

/** A new browser context (its own cookies), signed in as `account`, on `callbackUrl`. */
export async function signedInPage(
  browser: Browser,
  account: Account,
  callbackUrl: string,
  viewport: { width: number; height: number } = { width: 1280, height: 900 },
): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await signIn(page, account, callbackUrl);
  return page;
}
