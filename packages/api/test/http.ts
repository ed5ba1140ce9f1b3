import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { reportServerError } from "../src/error-report";
import { appRouter } from "../src/root";
import type { Context } from "../src/context";

/**
 * The web app's /api/trpc route handler (apps/web/src/app/api/trpc/[trpc]/route.ts),
 * called as a fetch handler: same router, same adapter, same onError.
 */
export function trpcFetchHandler(createContext: (req: Request) => Promise<Context>) {
  return (req: Request) =>
    fetchRequestHandler({
      endpoint: "/api/trpc",
      req,
      router: appRouter,
      createContext: () => createContext(req),
      onError: ({ error, path }) => reportServerError({ error, path, transport: "http" }),
    });
}

export interface RawResponse {
  status: number;
  text: string;
  /** The parsed body: `{ error: { message, code, data } }` or `{ result }`. */
  body: { error?: { message: string; code: number; data: Record<string, unknown> }; result?: { data: unknown } };
}

/** One tRPC call over HTTP, as httpLink sends it (superjson input), with the raw answer. */
export async function callOverHttp(
  handler: (req: Request) => Promise<Response>,
  type: "query" | "mutation",
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const serialized = JSON.stringify(superjson.serialize(input));
  const url = `http://onair.test/api/trpc/${path}`;
  const req =
    type === "query"
      ? new Request(`${url}?input=${encodeURIComponent(serialized)}`, { headers })
      : new Request(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: serialized });
  const response = await handler(req);
  const text = await response.text();
  // Errors and results are superjson-serialized, as the client's transformer expects.
  const raw = JSON.parse(text) as {
    error?: Parameters<typeof superjson.deserialize>[0];
    result?: { data: Parameters<typeof superjson.deserialize>[0] };
  };
  const body: RawResponse["body"] = raw.error
    ? { error: superjson.deserialize(raw.error) }
    : { result: { data: raw.result ? superjson.deserialize(raw.result.data) : undefined } };
  return { status: response.status, text, body };
}

/** Text that must never reach a client: stacks, file paths, SQL, driver and ORM messages. */
const INTERNALS = [
  /\bat .+\(.*:\d+:\d+\)/, // stack frames
  /\n\s+at /,
  /node_modules|\/work\/|\/src\/|\.ts:\d+/,
  /prisma/i,
  /postgres|ECONNREFUSED|\bSQLSTATE\b|invalid byte sequence|relation "|violates .* constraint/i,
  /\b(SELECT|INSERT INTO|UPDATE .+ SET|DELETE FROM)\b/,
];

/** The first internal detail found in a response body, or null. */
export function leakIn(text: string): string | null {
  for (const pattern of INTERNALS) {
    const match = text.match(pattern);
    if (match) return match[0];
  }
  return null;
}
