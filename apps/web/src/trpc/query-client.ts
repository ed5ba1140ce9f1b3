import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";
import SuperJSON from "superjson";

/**
 * The QueryClient settings, the same for the browser's one client and each server request's
 * client: data read on the server travels to the browser through superjson (dates stay dates).
 */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Data the server just read is fresh: the browser does not read it again on mount.
      // The SDK's links already retry what is safe to retry (dropped connections, with back-off);
      // a refusal from the server is an answer, so TanStack Query does not retry on top.
      queries: { retry: false, staleTime: 30_000 },
      mutations: { retry: false },
      dehydrate: {
        serializeData: SuperJSON.serialize,
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
      hydrate: { deserializeData: SuperJSON.deserialize },
    },
  });
}
