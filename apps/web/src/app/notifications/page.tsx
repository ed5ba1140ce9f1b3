import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { NotificationCenter } from "~/components/notifications/notification-center";
import { ALL_NOTIFICATIONS } from "~/components/notifications/notification-list";
import { serverApi } from "~/server/services";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";
import "~/components/notifications/notifications.css";

export const metadata: Metadata = { title: "Notifications" };
export const dynamic = "force-dynamic";

export default async function NotificationsPage() {
  const api = await serverApi();
  const me = await api.account.me();
  if (!me) redirect(`/signin?callbackUrl=${encodeURIComponent("/notifications")}`);

  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchInfiniteQuery(
      trpc.notifications.list.infiniteQueryOptions(ALL_NOTIFICATIONS, { getNextPageParam: (page) => page.nextCursor }),
    ),
    queryClient.prefetchQuery(trpc.notifications.unreadCount.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <NotificationCenter />
    </HydrateClient>
  );
}
