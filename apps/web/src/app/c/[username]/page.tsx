import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { ChannelHeader } from "~/components/browse/channel-header";
import { prefetchStreamSections } from "~/components/browse/prefetch";
import { streamListInput } from "~/components/browse/stream-filter";
import { StreamSections } from "~/components/browse/stream-sections";
import { serverApi } from "~/server/services";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ username: string }> };

/** The channel, read into the request's QueryClient for ChannelHeader; /c/@Vic and /c/VIC lead to /c/vic. */
async function loadChannel(param: string) {
  let username = param;
  try {
    username = decodeURIComponent(param);
  } catch {
    notFound();
  }
  let channel;
  try {
    channel = await getQueryClient().fetchQuery(trpc.stream.channel.queryOptions({ username }));
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
  if (channel.username !== username) redirect(`/c/${channel.username}`);
  return channel;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const channel = await loadChannel((await params).username);
  return { title: `${channel.name ?? channel.username} (@${channel.username})` };
}

export default async function ChannelPage({ params }: Props) {
  const channel = await loadChannel((await params).username);
  const api = await serverApi();
  const me = await api.account.me();
  const queryClient = getQueryClient();
  await Promise.all([
    prefetchStreamSections({ channel: channel.username }),
    me && me.id !== channel.id ? queryClient.prefetchQuery(trpc.stream.followStatus.queryOptions({ channelId: channel.id })) : null,
  ]);
  if (me && me.id !== channel.id) {
    // The "Remind me" buttons of the first page of upcoming streams show their state at once.
    const upcoming = queryClient.getQueryData(
      trpc.stream.list.infiniteQueryKey(streamListInput("SCHEDULED", { channel: channel.username })),
    );
    const streamIds = upcoming?.pages[0]?.items.map((stream) => stream.id) ?? [];
    if (streamIds.length > 0) await queryClient.prefetchQuery(trpc.notifications.reminders.queryOptions({ streamIds }));
  }
  return (
    <HydrateClient>
      <ChannelHeader username={channel.username} viewerId={me?.id ?? null} />
      <StreamSections
        filter={{ channel: channel.username }}
        empty={{ LIVE: "Not live right now.", SCHEDULED: "No scheduled streams.", ENDED: "No past streams yet." }}
        remind={me?.id === channel.id ? undefined : { signedIn: me !== null, returnPath: `/c/${channel.username}` }}
      />
    </HydrateClient>
  );
}
