import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";

const wsUrl = `ws://localhost:${Number(process.env.E2E_WS_PORT ?? 3101)}`;

type Call = { method: "query" | "mutation"; path: string; input?: unknown };
type Answer = { data: unknown } | { code: string };

/**
 * Runs tRPC calls over a WebSocket the page itself opens (as any script on that
 * page could), so the browser attaches its cookies and its page's Origin.
 */
function callsOverWebSocket(page: Page, calls: Call[]): Promise<Answer[]> {
  return page.evaluate(
    async ({ url, calls }) => {
      const socket = new WebSocket(url);
      await new Promise<void>((resolve, reject) => {
        socket.onopen = () => resolve();
        socket.onerror = () => reject(new Error(`cannot open ${url}`));
      });
      const answers = new Map<number, { result?: { data?: { json?: unknown } }; error?: { json?: { data: { code: string } } } }>();
      const all = new Promise<void>((resolve) => {
        socket.onmessage = (event: MessageEvent<string>) => {
          if (event.data === "PING") return socket.send("PONG");
          const message = JSON.parse(event.data) as { id: number | null };
          if (message.id === null) return;
          answers.set(message.id, message as never);
          if (answers.size === calls.length) resolve();
        };
      });
      calls.forEach((call, index) =>
        socket.send(
          JSON.stringify({ id: index + 1, method: call.method, params: { path: call.path, input: { json: call.input ?? null } } }),
        ),
      );
      await all;
      socket.close();
      return calls.map((_, index) => {
        const answer = answers.get(index + 1)!;
        return answer.error ? { code: answer.error.json!.data.code } : { data: answer.result?.data?.json ?? null };
      });
    },
    { url: wsUrl, calls },
  );
}

const probe: Call[] = [
  { method: "query", path: "account.me" },
  { method: "query", path: "account.apiTokens" },
  { method: "mutation", path: "account.createApiToken", input: { name: "from a WebSocket" } },
];

let foreignSite: Server;
let foreignOrigin: string;

test.beforeAll(async () => {
  // Another site on the same host, another port: the browser sends OnAir's cookies with its WebSockets too.
  foreignSite = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<!doctype html><title>Another site</title><p>Nothing to see here.</p>");
  });
  await new Promise<void>((resolve) => foreignSite.listen(0, resolve));
  foreignOrigin = `http://localhost:${(foreignSite.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => foreignSite.close(resolve));
});

test("a page on another origin gets an anonymous WebSocket, though the browser sends the signed-in user's cookie", async ({ browser }) => {
  const context = await browser.newContext();
  const app = await context.newPage();
  await app.goto("/signin?callbackUrl=%2F");
  await app.getByLabel("Email").fill("viewer@onair.local");
  await app.getByLabel("Password").fill("onair-viewer");
  await app.getByRole("button", { name: "Sign in" }).click();
  await app.waitForURL((url) => url.pathname === "/");

  // The app's own page: its WebSocket is signed in.
  const [me, tokens, created] = await callsOverWebSocket(app, probe);
  expect(me).toMatchObject({ data: { username: expect.any(String) } });
  expect(tokens).toMatchObject({ data: expect.any(Array) });
  expect(created).toMatchObject({ data: { token: expect.stringMatching(/^onair_/) } });

  // The same browser on another site: the cookie goes along, but the socket is anonymous.
  const elsewhere = await context.newPage();
  await elsewhere.goto(foreignOrigin);
  const cookies = await context.cookies(wsUrl.replace(/^ws/, "http"));
  expect(cookies.map((cookie) => cookie.name)).toContain("next-auth.session-token");
  expect(await callsOverWebSocket(elsewhere, probe)).toEqual([{ data: null }, { code: "UNAUTHORIZED" }, { code: "UNAUTHORIZED" }]);

  await context.close();
});
