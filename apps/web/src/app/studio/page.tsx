import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { STUDIO_GROUPS, myStreamsInput } from "~/components/studio/stream-summary";
import { StudioHome } from "~/components/studio/studio-home";
import { serverApi } from "~/server/services";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";
import "~/components/studio/studio.css";

export const metadata: Metadata = { title: "Studio" };
export const dynamic = "force-dynamic";

export default async function StudioPage() {
  const api = await serverApi();
  const me = await api.account.me();
  if (!me) redirect(`/signin?callbackUrl=${encodeURIComponent("/studio")}`);

  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.studio.capabilities.queryOptions()),
    ...STUDIO_GROUPS.flatMap((group) =>
      group.statuses.map((status) =>
        queryClient.prefetchInfiniteQuery(
          trpc.studio.myStreams.infiniteQueryOptions(myStreamsInput(status), { getNextPageParam: (page) => page.nextCursor }),
        ),
      ),
    ),
  ]);
  return (
    <HydrateClient>
      <StudioHome />
    </HydrateClient>
  );
}
