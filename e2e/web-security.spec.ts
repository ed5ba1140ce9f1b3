import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";
import { signedInPage } from "./sign-in";

const webPort = Number(process.env.E2E_WEB_PORT ?? 3100);
const wsPort = Number(process.env.E2E_WS_PORT ?? 3101);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const VIEWER = { email: "viewer@onair.local", password: "onair-viewer" };
const MODERATOR = { email: "moderator@onair.local", password: "onair-moderator" };
const ADMIN = { email: "admin@onair.local", password: "onair-admin" };

/** Opens a page and checks that it came with a nonce-based CSP. */
async function openUnderCsp(page: Page, url: string) {
  const response = await page.goto(url);
  expect(response?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
}

/** Every Content-Security-Policy refusal the page reports in its console. */
function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  return violations;
}

test("pages send a nonce CSP that forbids framing, the other security headers, and no HSTS over plain HTTP", async ({ request }) => {
  const response = await request.get("/", { headers: { "X-Forwarded-Proto": "https" } });
  expect(response.status()).toBe(200);
  const headers = response.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain(`connect-src 'self' ws://localhost:${wsPort}`);
  expect(csp).toContain("frame-src https://www.youtube-nocookie.com");
  expect(csp).toContain("object-src 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // Camera and microphone only for this origin (the studio's browser broadcast), never for embedded frames.
  expect(headers["permissions-policy"]).toContain("camera=(self)");
  // The server is reached over HTTP and trusts no proxy, so a client's X-Forwarded-Proto does not turn HSTS on.
  expect(headers["strict-transport-security"]).toBeUndefined();
  // A fresh nonce on every response.
  const again = (await request.get("/")).headers()["content-security-policy"];
  expect(again).not.toBe(csp);
});

test("home, stream, moderator dashboard and admin work under the CSP, with no violation reported", async ({ browser }) => {
  const anonymous = await (await browser.newContext()).newPage();
  const violations = cspViolations(anonymous);
  await openUnderCsp(anonymous, "/");
  await expect(anonymous.getByTestId("stream-card").first()).toBeVisible();
  await openUnderCsp(anonymous, "/s/lofi-live");
  await expect(anonymous.locator("iframe.player")).toHaveAttribute("src", /youtube-nocookie\.com\/embed\//);
  await expect(anonymous.getByTestId("chat-connection")).toHaveText("Connected");

  const moderator = await signedInPage(browser, MODERATOR, "/mod/e2e-moderation");
  violations.push(...cspViolations(moderator));
  await openUnderCsp(moderator, "/mod/e2e-moderation");
  await expect(moderator.getByTestId("mod-chat-connection")).toHaveText(/connected/i);

  const admin = await signedInPage(browser, ADMIN, "/admin");
  violations.push(...cspViolations(admin));
  await openUnderCsp(admin, "/admin");
  await expect(admin.getByTestId("admin-user").first()).toBeVisible();
  expect(violations).toEqual([]);
});

test("/admin and a stream's moderator dashboard answer 403 to signed-in people without access; signed-out people are sent to sign in", async ({
  browser,
  request,
}) => {
  const viewer = await signedInPage(browser, VIEWER, "/");
  const admin = await viewer.goto("/admin");
  expect(admin?.status()).toBe(403);
  await expect(viewer.getByTestId("admin-forbidden")).toContainText("Admins only");
  const dashboard = await viewer.goto("/mod/e2e-moderation");
  expect(dashboard?.status()).toBe(403);
  await expect(viewer.getByTestId("mod-forbidden")).toContainText("You don't moderate this stream");

  const signedOut = await request.get("/admin", { maxRedirects: 0 });
  expect(signedOut.status()).toBe(307);
  expect(signedOut.headers()["location"]).toContain("/signin?callbackUrl=%2Fadmin");
});

test("the tRPC HTTP route refuses batches over 10 calls and bodies over 1 MiB before any procedure runs", async ({ request }) => {
  const batch = (calls: number) => {
    const input = Object.fromEntries(Array.from({ length: calls }, (_, index) => [index, { json: { slug: "lofi-live" } }]));
    return `/api/trpc/${Array.from({ length: calls }, () => "stream.bySlug").join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
  };
  expect((await request.get(batch(10))).status()).toBe(200);
  const tooMany = await request.get(batch(11));
  expect(tooMany.status()).toBe(400);
  expect(JSON.stringify(await tooMany.json())).toContain("Batch call exceeds maximum size");

  const signUps = Array.from({ length: 11 }, (_, index) => [
    index,
    {
      json: {
        email: `batch${index}-${Date.now()}@example.test`,
        password: "batch-password",
        username: `batch${index}${Date.now() % 100000}`,
      },
    },
  ]);
  const refused = await request.post(`/api/trpc/${Array.from({ length: 11 }, () => "account.signUp").join(",")}?batch=1`, {
    headers: { "content-type": "application/json" },
    data: JSON.stringify(Object.fromEntries(signUps)),
  });
  expect(refused.status()).toBe(400);

  const huge = await request.post("/api/trpc/account.signUp", {
    headers: { "content-type": "application/json" },
    data: JSON.stringify({ json: { email: "huge@example.test", password: "x".repeat(2 * 1024 * 1024), username: "huge" } }),
  });
  expect(huge.status()).toBe(413);
  expect(await huge.json()).toEqual({ error: { code: "PAYLOAD_TOO_LARGE", message: expect.stringContaining("1024 KiB") } });

  // A chunked body (no Content-Length) is cut off as soon as it passes the limit.
  const chunk = new TextEncoder().encode("x".repeat(256 * 1024));
  const chunked = await fetch(`http://localhost:${webPort}/api/trpc/account.signUp`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: new ReadableStream({
      start(controller) {
        for (let i = 0; i < 6; i++) controller.enqueue(chunk);
        controller.close();
      },
    }),
    duplex: "half",
  } as RequestInit);
  expect(chunked.status).toBe(413);
});

test.describe("client addresses", () => {
  // A web server of its own on the e2e database, with a per-address chat limit of 2 messages a minute.
  const limitedPort = webPort + 2;
  let server: ChildProcess;

  test.beforeAll(async () => {
    server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
      cwd: path.join(root, "apps/web"),
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: process.env.E2E_DATABASE_URL,
        AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret",
        NEXTAUTH_URL: `http://localhost:${webPort}`,
        WEB_PORT: String(limitedPort),
        WS_PUBLIC_URL: `ws://localhost:${wsPort}`,
        CHAT_IP_RATE_LIMIT: "2/60",
        REDIS_URL: "",
        NEXT_TELEMETRY_DISABLED: "1",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    for (;;) {
      if (server.exitCode !== null) throw new Error(`web server exited with code ${server.exitCode}`);
      const ready = await fetch(`http://127.0.0.1:${limitedPort}/signin`).then(
        (response) => response.status < 500,
        () => false,
      );
      if (ready) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  test.afterAll(async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
  });

  test("a forged X-Forwarded-For does not dodge the per-address chat limit", async ({ browser }) => {
    const stream = (await (
      await fetch(
        `http://127.0.0.1:${limitedPort}/api/trpc/stream.bySlug?input=${encodeURIComponent(JSON.stringify({ json: { slug: "e2e-presence" } }))}`,
      )
    ).json()) as { result: { data: { json: { id: string } } } };
    const streamId = stream.result.data.json.id;
    // Plain viewers: staff and the stream's owner are not rate-limited.
    const run = Date.now().toString(36);
    const viewers = [0, 1, 2].map((index) => ({
      email: `forger${index}-${run}@example.test`,
      password: "forger-password",
      username: `forger${index}${run}`,
    }));
    for (const account of viewers) {
      const response = await fetch(`http://127.0.0.1:${webPort}/api/trpc/account.signUp`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: account }),
      });
      expect(response.status).toBe(200);
    }
    const outcomes: string[] = [];
    for (const [index, account] of viewers.entries()) {
      const page = await signedInPage(browser, account, "/");
      // Session cookies of localhost are sent to every port of it, so this request is signed in on the limited server.
      const response = await page.request.post(`http://localhost:${limitedPort}/api/trpc/chat.send`, {
        headers: {
          "content-type": "application/json",
          "X-Forwarded-For": `198.51.100.${index + 1}`,
          "X-Real-IP": `198.51.100.${index + 1}`,
        },
        data: JSON.stringify({ json: { streamId, body: `forged address ${index} ${Date.now()}` } }),
      });
      const payload = (await response.json()) as { error?: { json: { message: string } } };
      outcomes.push(payload.error ? payload.error.json.message : "sent");
    }
    expect(outcomes).toEqual(["sent", "sent", expect.stringContaining("Too many messages from your network")]);
  });
});
