import { appRouter, reportServerError } from "@onair/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { bodyLimitFor, payloadTooLarge, readBodyWithin } from "~/http/body-limit";
import { createContext } from "~/server/services";

/** The most calls one HTTP batch may carry; clients set httpBatchLink's `maxItems` to the same. */
const MAX_BATCH_SIZE = 10;

async function handler(req: Request) {
  // Both limits are checked before any procedure runs: the body here, the batch size by tRPC's parser.
  let request = req;
  if (req.method !== "GET" && req.method !== "HEAD") {
    // 1 MiB, or 6 MiB for an image upload (studio.uploadThumbnail, product.uploadImage; sent alone by httpLink).
    const maxBytes = bodyLimitFor(new URL(req.url).pathname);
    const body = await readBodyWithin(req, maxBytes);
    if (body === null) return payloadTooLarge(maxBytes);
    request = new Request(req.url, { method: req.method, headers: req.headers, body });
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: () => createContext({ headers: request.headers }),
    onError: ({ error, path }) => reportServerError({ error, path, transport: "http" }),
  });
}

export { handler as GET, handler as POST };
