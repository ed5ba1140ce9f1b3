import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChatPanel } from "~/components/chat-panel";
import { StreamLiveInfo } from "~/components/stream-live-info";
import { StreamEventsProvider } from "~/components/stream/stream-events";
import { VideoPlayer } from "~/components/video-player";
import { chatSettingsOf } from "~/lib/chat-modes";
import { formatDateTime } from "~/lib/format";
import { serverApi } from "~/server/services";

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
  const [liked, following] = me
    ? await Promise.all([
        api.stream.likeStatus({ streamId: stream.id }).then((status) => status.liked),
        isOwner ? null : api.stream.followStatus({ streamId: stream.id }).then((status) => status.following),
      ])
    : [false, null];
  const ownerName = stream.owner.name ?? stream.owner.username;

  return (
    <StreamEventsProvider
      streamId={stream.id}
      status={stream.status}
      viewerCount={stream.viewerCount}
      likeCount={stream.likeCount}
      chatSettings={chatSettingsOf(stream)}
    >
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
              liked={liked}
              signedIn={me !== null}
              following={following}
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
  );
}
