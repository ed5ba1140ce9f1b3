import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { forbidden, notFound, redirect } from "next/navigation";
import { StreamEventsProvider } from "~/components/stream/stream-events";
import { StreamManager } from "~/components/studio/stream-manager";
import { serverApi } from "~/server/services";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";
import "~/components/mod/mod.css";
import "~/components/studio/studio.css";

export const metadata: Metadata = { title: "Manage stream" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ streamId: string }>; searchParams: Promise<{ thumbnail?: string }> };

export default async function ManageStreamPage({ params, searchParams }: Props) {
  const { streamId } = await params;
  const api = await serverApi();
  const me = await api.account.me();
  if (!me) redirect(`/signin?callbackUrl=${encodeURIComponent(`/studio/${streamId}`)}`);

  let stream;
  try {
    stream = await api.studio.stream({ streamId });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    // 403 with forbidden.tsx: signed in, but not this stream's owner.
    if (error instanceof TRPCError && error.code === "FORBIDDEN") forbidden();
    throw error;
  }
  const [capabilities, publicView] = await Promise.all([api.studio.capabilities(), api.stream.bySlug({ slug: stream.slug })]);
  const queryClient = getQueryClient();
  if (stream.video.provider === "INGEST" && stream.status !== "ENDED") {
    await Promise.all([
      queryClient.prefetchQuery(trpc.studio.ingest.queryOptions({ streamId })),
      queryClient.prefetchQuery(trpc.studio.ingestHealth.queryOptions({ streamId })),
    ]);
  }

  return (
    <HydrateClient>
      <StreamEventsProvider
        streamId={streamId}
        status={stream.status}
        title={stream.title}
        viewerCount={publicView.viewerCount}
        likeCount={publicView.likeCount}
        chatSettings={stream.chat}
        sourceConnected={publicView.sourceConnected}
      >
        <StreamManager stream={stream} capabilities={capabilities} thumbnailFailed={(await searchParams).thumbnail === "failed"} />
      </StreamEventsProvider>
    </HydrateClient>
  );
}
