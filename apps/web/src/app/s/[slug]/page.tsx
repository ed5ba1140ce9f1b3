import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChatPanel } from "~/components/chat/chat-panel";
import { RefreshOnStreamChange } from "~/components/stream/refresh-on-stream-change";
import { StreamEventsProvider } from "~/components/stream/stream-events";
import { StreamLiveInfo } from "~/components/stream/stream-live-info";
import { VideoPlayer } from "~/components/stream/video-player";
import { chatSettingsOf } from "~/lib/chat-modes";
import { formatDateTime } from "~/lib/format";
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
  const [history, me] = await Promise.all([api.chat.history({ streamId: stream.id, limit: 50 }), api.account.me()]);
  const isOwner = me !== null && me.id === stream.owner.id;
  // What the viewer's own buttons and pending messages show goes to the browser with the page.
  const queryClient = getQueryClient();
  const input = { streamId: stream.id };
  if (me) {
    await Promise.all([
      queryClient.prefetchQuery(trpc.stream.likeStatus.queryOptions(input)),
      isOwner ? null : queryClient.prefetchQuery(trpc.stream.followStatus.queryOptions(input)),
      queryClient.prefetchQuery(trpc.chat.myHeld.queryOptions(input)),
    ]);
  }
  const ownerName = stream.owner.name ?? stream.owner.username;

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
      >
        <RefreshOnStreamChange status={stream.status} title={stream.title} />
        <div className="stream-page">
          <div className="stream-main">
            <div className="player-frame">
              {stream.status === "LIVE" ? (
                <VideoPlayer provider={stream.videoProvider} source={stream.videoSource} title={stream.title} />
              ) : (
                <div className="player-placeholder" data-testid="stream-state">
                  {stream.status === "SCHEDULED" ? (
                    <>
                      <p className="placeholder-title">Starting soon</p>
                      {stream.scheduledStartAt ? <p>Scheduled for {formatDateTime(stream.scheduledStartAt)}</p> : null}
                    </>
                  ) : (
                    <>
                      <p className="placeholder-title">This stream has ended</p>
                      {stream.endedAt ? <p>Ended {formatDateTime(stream.endedAt)}</p> : null}
                    </>
                  )}
                </div>
              )}
            </div>
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
              {stream.description ? <p className="stream-description">{stream.description}</p> : null}
              <p>
                <Link href="/">← All streams</Link>
              </p>
            </div>
          </div>
          <ChatPanel
            streamId={stream.id}
            streamEnded={stream.status === "ENDED"}
            initialMessages={history.messages}
            initialCursor={history.nextCursor}
            viewer={me ? { id: me.id, username: me.username } : null}
            signInHref={`/signin?callbackUrl=${encodeURIComponent(`/s/${slug}`)}`}
          />
        </div>
      </StreamEventsProvider>
    </HydrateClient>
  );
}
