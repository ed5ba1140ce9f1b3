import "server-only";
import { appRouter } from "@onair/api";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { cache, type ReactNode } from "react";
import { requestContext } from "~/server/services";
import { makeQueryClient } from "./query-client";

/** One QueryClient per server request: what the page prefetches into it goes to the browser's cache. */
export const getQueryClient = cache(makeQueryClient);

/**
 * Query options for server components, answered by the router in this process (no HTTP) as the
 * request's user: `await getQueryClient().prefetchQuery(trpc.x.y.queryOptions(input))` (or
 * `fetchQuery` when the page needs the value too), then render the client components inside
 * `<HydrateClient>`, where `useQuery` with the same options finds the data.
 */
export const trpc = createTRPCOptionsProxy({ router: appRouter, ctx: requestContext, queryClient: getQueryClient });

/** Sends what this request prefetched to the browser's QueryClient. */
export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
