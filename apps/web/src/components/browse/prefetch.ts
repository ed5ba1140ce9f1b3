import "server-only";
import { getQueryClient, trpc } from "~/trpc/server";
import { nextStreamPage, STREAM_SECTIONS, streamListInput, type StreamFilter } from "./stream-filter";

/** Reads the first page of each section into the request's QueryClient, for StreamSections / SearchResults to hydrate. */
export async function prefetchStreamSections(filter: StreamFilter): Promise<void> {
  const queryClient = getQueryClient();
  await Promise.all(
    STREAM_SECTIONS.map((section) =>
      queryClient.prefetchInfiniteQuery(
        trpc.stream.list.infiniteQueryOptions(streamListInput(section.status, filter), { getNextPageParam: nextStreamPage }),
      ),
    ),
  );
}
