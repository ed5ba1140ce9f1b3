import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

const VIEWER = { email: "viewer@onair.local", password: "onair-viewer" };

async function signInThroughForm(page: Page, email: string, password: string, callbackUrl: string) {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** `account.me` over the tRPC HTTP route with exactly this Cookie header: the user, or null when anonymous. */
async function meWithCookie(request: APIRequestContext, cookie: string): Promise<{ id: string; name: string | null } | null> {
  const response = await request.get("/api/trpc/account.me", { headers: { cookie } });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { result: { data: { json: { id: string; name: string | null } | null } } };
  return body.result.data.json;
}

test("signing out ends the session on the server: the copied cookie is anonymous afterwards", async ({ browser, request }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInThroughForm(page, VIEWER.email, VIEWER.password, "/");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  const copied = (await context.cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
  expect((await meWithCookie(request, copied))?.name).toBe("Vic Viewer");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  expect(await meWithCookie(request, copied)).toBeNull();
  // next-auth's own session endpoint agrees.
  const session = await request.get("/api/auth/session", { headers: { cookie: copied } });
  expect(await session.json()).toEqual({});
  await context.close();
});

test("after sign-in, hostile callback URLs land on the home page", async ({ page, baseURL }) => {
  for (const hostile of ["/\\evil.example/x", "//evil.example"]) {
    await page.context().clearCookies();
    await signInThroughForm(page, VIEWER.email, VIEWER.password, hostile);
    await page.waitForURL(`${baseURL}/`);
    expect(new URL(page.url()).host).toBe(new URL(baseURL!).host);
  }
  // The pages hand on only the safe path (here in their links to each other).
  for (const hostile of ["/%09/evil.example/x", "https://evil.example/x", "javascript:alert(1)", "/\\evil.example"]) {
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(hostile)}`);
    await expect(page.getByRole("link", { name: "Create an account" })).toHaveAttribute("href", "/signup?callbackUrl=%2F");
    await page.goto(`/signup?callbackUrl=${encodeURIComponent(hostile)}`);
    await expect(page.getByRole("link", { name: "Sign in" }).last()).toHaveAttribute("href", "/signin?callbackUrl=%2F");
  }
});

test("next-auth never redirects elsewhere and never answers 500 for a malformed callback URL or cookie", async ({
  playwright,
  baseURL,
}) => {
  const request = await playwright.request.newContext({ baseURL, maxRedirects: 0 });
  for (const hostile of ["javascript:alert(1)", "http://[::1", "//evil.example/x", "/\\evil.example", "/%09/evil.example", "%E0%A4%A"]) {
    for (const path of ["/api/auth/session", "/api/auth/csrf", "/api/auth/providers", "/api/auth/signin"]) {
      const byQuery = await request.get(`${path}?callbackUrl=${encodeURIComponent(hostile)}`);
      expect(byQuery.status(), `${path} ?callbackUrl=${hostile}`).toBeLessThan(500);
      expect(byQuery.headers().location ?? "").not.toContain("evil.example");
      const byCookie = await request.get(path, { headers: { cookie: `next-auth.callback-url=${encodeURIComponent(hostile)}` } });
      expect(byCookie.status(), `${path} callback-url cookie ${hostile}`).toBeLessThan(500);
      expect(byCookie.headers().location ?? "").not.toContain("evil.example");
    }
  }
  // Not even percent-encoding that does not decode.
  const raw = await request.get("/api/auth/session", { headers: { cookie: "next-auth.callback-url=%E0%A4%A" } });
  expect(raw.status()).toBeLessThan(500);
  await request.dispose();
});

/** Submits the sign-in form once and waits for the server's answer. */
async function submitSignIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await Promise.all([
    page.waitForResponse((response) => response.url().includes("/api/auth/callback/credentials")),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}

test("the sign-in form says when too many wrong passwords were tried", async ({ page }) => {
  const email = `nobody-${Date.now()}@onair.local`;
  const formError = page.locator("p.form-error");
  await page.goto("/signin");
  for (let attempt = 1; attempt <= 10; attempt++) {
    await submitSignIn(page, email, `wrong-${attempt}`);
    await expect(formError).toHaveText("Invalid email or password.");
  }
  await submitSignIn(page, email, "wrong-11");
  await expect(formError).toHaveText("Too many sign-in attempts; try again in 15 minutes.");
});
