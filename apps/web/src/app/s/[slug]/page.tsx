import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChatPanel } from "~/components/chat/chat-panel";
import { RemindMeButton } from "~/components/notifications/remind-me-button";
import { hasReplay } from "~/components/player/player-state";
import { EndedChat } from "~/components/replay/ended-chat";
import { ReplayClockProvider } from "~/components/replay/replay-clock";
import { ShopStrip } from "~/components/shop/shop-strip";
import { RefreshOnStreamChange } from "~/components/stream/refresh-on-stream-change";
import { StreamEventsProvider } from "~/components/stream/stream-events";
import { StreamLiveInfo } from "~/components/stream/stream-live-info";
import { VideoPlayer } from "~/components/stream/video-player";
import { chatSettingsOf } from "~/lib/chat-modes";
import { serverApi } from "~/server/services";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

async function loadStream(slug: string) {
  const api = await serverApi();
  try {
    return await api.stream.bySlug({ slug });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const stream = await loadStream((await params).slug);
  return { title: stream.title, description: stream.description || undefined };
}

export default async function StreamPage({ params }: Props) {
  const { slug } = await params;
  const stream = await loadStream(slug);
  const api = await serverApi();
  const [history, me, shelf] = await Promise.all([
    api.chat.history({ streamId: stream.id, limit: 50 }),
    api.account.me(),
    stream.status === "ENDED" ? [] : api.shelf.list({ streamId: stream.id }),
  ]);
  const isOwner = me !== null && me.id === stream.owner.id;
  const remindable = stream.status === "SCHEDULED" && !isOwner;
  // What the viewer's own buttons and pending messages show goes to the browser with the page.
  const queryClient = getQueryClient();
  const input = { streamId: stream.id };
  if (me) {
    await Promise.all([
      queryClient.prefetchQuery(trpc.stream.likeStatus.queryOptions(input)),
      isOwner ? null : queryClient.prefetchQuery(trpc.stream.followStatus.queryOptions(input)),
      queryClient.prefetchQuery(trpc.chat.myHeld.queryOptions(input)),
      remindable ? queryClient.prefetchQuery(trpc.notifications.reminders.queryOptions({ streamIds: [stream.id] })) : null,
    ]);
  }
  const ownerName = stream.owner.name ?? stream.owner.username;
  const chatPanel = (
    <ChatPanel
      streamId={stream.id}
      streamEnded={stream.status === "ENDED"}
      initialMessages={history.messages}
      initialCursor={history.nextCursor}
      viewer={me ? { id: me.id, username: me.username } : null}
      signInHref={`/signin?callbackUrl=${encodeURIComponent(`/s/${slug}`)}`}
    />
  );

  return (
    <HydrateClient>
      <StreamEventsProvider
        streamId={stream.id}
        watching
        status={stream.status}
        title={stream.title}
        viewerCount={stream.viewerCount}
        likeCount={stream.likeCount}
        chatSettings={chatSettingsOf(stream)}
        sourceConnected={stream.sourceConnected}
        initialShelf={shelf}
      >
        <RefreshOnStreamChange status={stream.status} title={stream.title} />
        <ReplayClockProvider>
          <div className="stream-page">
            <div className="stream-main">
              <div className="player-frame">
                <VideoPlayer
                  playback={stream.playback}
                  title={stream.title}
                  thumbnailUrl={stream.thumbnailUrl}
                  scheduledStartAt={stream.scheduledStartAt}
                  startedAt={stream.startedAt}
                />
              </div>
              <ShopStrip streamId={stream.id} signedIn={me !== null} ended={stream.status === "ENDED"} />
              <div className="stream-info">
                <h1>
                  {stream.status === "LIVE" ? <span className="badge badge-live">LIVE</span> : null} <bdi>{stream.title}</bdi>
                </h1>
                <p className="muted">
                  by <bdi>{ownerName}</bdi>
                </p>
                <StreamLiveInfo
                  streamId={stream.id}
                  status={stream.status}
                  signedIn={me !== null}
                  canFollow={me !== null && !isOwner}
                  ownerName={ownerName}
                  canManage={isOwner || me?.role === "ADMIN"}
                />
                {remindable ? (
                  <RemindMeButton streamId={stream.id} title={stream.title} signedIn={me !== null} returnPath={`/s/${slug}`} />
                ) : null}
                {stream.description ? <p className="stream-description">{stream.description}</p> : null}
                <p>
                  <Link href="/">← All streams</Link>
                </p>
              </div>
            </div>
            {stream.status === "ENDED" && hasReplay(stream.playback) ? <EndedChat streamId={stream.id} history={chatPanel} /> : chatPanel}
          </div>
        </ReplayClockProvider>
      </StreamEventsProvider>
    </HydrateClient>
  );
}
