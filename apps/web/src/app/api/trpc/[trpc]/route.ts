import { appRouter, reportServerError } from "@onair/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createContext } from "~/server/services";

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContext({ headers: req.headers }),
    onError: ({ error, path }) => reportServerError({ error, path, transport: "http" }),
  });
}

export { handler as GET, handler as POST };
