import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { forbidden, notFound, redirect } from "next/navigation";
import { ModDashboard } from "~/components/mod/mod-dashboard";
import { serverApi } from "~/server/services";
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
  const [history, queue, terms, moderators, firstLogPage] = await Promise.all([
    api.chat.history({ streamId, limit: 50 }),
    api.moderation.queue({ streamId }),
    api.moderation.terms({ streamId }),
    api.moderation.moderators({ streamId }),
    api.moderation.log({ streamId, limit: 50 }),
  ]);

  return (
    <ModDashboard
      me={{ id: me.id, username: me.username }}
      role={access.role}
      stream={{
        id: stream.id,
        slug: stream.slug,
        title: stream.title,
        status: stream.status,
        owner: stream.owner,
        settings: {
          chatEnabled: stream.chatEnabled,
          slowModeSeconds: stream.slowModeSeconds,
          emoteOnly: stream.emoteOnly,
          uniqueChat: stream.uniqueChat,
          followersOnlyMinutes: stream.followersOnlyMinutes,
          registeredOnlyMinutes: stream.registeredOnlyMinutes,
          profanityFilter: stream.profanityFilter,
          shieldMode: stream.shieldMode,
        },
      }}
      initialMessages={history.messages}
      initialQueue={queue}
      initialTerms={terms}
      initialModerators={moderators}
      initialLog={firstLogPage}
    />
  );
}
