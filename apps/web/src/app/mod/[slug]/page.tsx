import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { forbidden, notFound, redirect } from "next/navigation";
import { NO_FILTER, logQueryInput } from "~/components/mod/audit-log-filter";
import { ModDashboard } from "~/components/mod/mod-dashboard";
import { StreamEventsProvider } from "~/components/stream/stream-events";
import { chatSettingsOf } from "~/lib/chat-modes";
import { serverApi } from "~/server/services";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";
import "~/components/mod/mod.css";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Moderate /s/${(await params).slug}` };
}

export default async function ModerateStreamPage({ params }: Props) {
  const { slug } = await params;
  const api = await serverApi();
  const me = await api.account.me();
  if (!me) redirect(`/signin?callbackUrl=${encodeURIComponent(`/mod/${slug}`)}`);

  let stream;
  try {
    stream = await api.stream.bySlug({ slug });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }

  let access;
  try {
    access = await api.moderation.access({ streamId: stream.id });
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    // 403 with forbidden.tsx: signed in, but not a moderator of this stream.
    if (error instanceof TRPCError && error.code === "FORBIDDEN") forbidden();
    throw error;
  }

  const streamId = stream.id;
  // The panels' lists go into the request's QueryClient and on to the browser's (no second read there).
  const queryClient = getQueryClient();
  const [history] = await Promise.all([
    api.chat.history({ streamId, limit: 50 }),
    queryClient.prefetchQuery(trpc.moderation.terms.queryOptions({ streamId })),
    queryClient.prefetchQuery(trpc.moderation.moderators.queryOptions({ streamId })),
    queryClient.prefetchInfiniteQuery(
      trpc.moderation.log.infiniteQueryOptions(logQueryInput(streamId, NO_FILTER), { getNextPageParam: (page) => page.nextCursor }),
    ),
    queryClient.prefetchQuery(trpc.moderation.queue.queryOptions({ streamId })),
  ]);

  return (
    <HydrateClient>
      <StreamEventsProvider
        streamId={streamId}
        status={stream.status}
        title={stream.title}
        viewerCount={stream.viewerCount}
        likeCount={stream.likeCount}
        chatSettings={chatSettingsOf(stream)}
      >
        <ModDashboard
          me={{ id: me.id, username: me.username }}
          role={access.role}
          stream={{ id: streamId, slug: stream.slug, owner: stream.owner }}
          initialMessages={history.messages}
        />
      </StreamEventsProvider>
    </HydrateClient>
  );
}
