import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { forbidden, notFound, redirect } from "next/navigation";
import { StreamAnalytics } from "~/components/analytics/stream-analytics";
import { serverApi } from "~/server/services";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";
import "~/components/studio/studio.css";
import "~/components/analytics/analytics.css";

export const metadata: Metadata = { title: "Stream analytics" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ streamId: string }> };

/** The stream's numbers: its owner, admins, and its moderators when the owner allows them (stream.analytics decides). */
export default async function StreamAnalyticsPage({ params }: Props) {
  const { streamId } = await params;
  const api = await serverApi();
  const me = await api.account.me();
  if (!me) redirect(`/signin?callbackUrl=${encodeURIComponent(`/studio/${streamId}/analytics`)}`);

  let view;
  try {
    view = await getQueryClient().fetchQuery(trpc.stream.analytics.queryOptions({ streamId }));
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    // 403 with forbidden.tsx: signed in, but neither the owner, an admin nor an allowed moderator.
    if (error instanceof TRPCError && error.code === "FORBIDDEN") forbidden();
    throw error;
  }
  const publicView = await api.stream.bySlug({ slug: view.stream.slug });
  const manages = me.role === "ADMIN" || publicView.owner.id === me.id;
  const back = manages
    ? { href: `/studio/${streamId}`, label: "Manage stream" }
    : { href: `/mod/${view.stream.slug}`, label: "Moderator dashboard" };

  return (
    <HydrateClient>
      <StreamAnalytics streamId={streamId} back={back} />
    </HydrateClient>
  );
}
