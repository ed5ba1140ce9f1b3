import type { Metadata } from "next";
import { forbidden, redirect } from "next/navigation";
import { AdminPanel } from "~/components/admin/admin-panel";
import { ADMIN_PAGE_SIZE, NO_SEARCH, userSearchInput } from "~/components/admin/user-search-input";
import { serverApi } from "~/server/services";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";
import "~/components/mod/mod.css";
import "~/components/admin/admin.css";

export const metadata: Metadata = { title: "Admin" };
export const dynamic = "force-dynamic";

export default async function AdminPage() {
  const api = await serverApi();
  const me = await api.account.me();
  if (!me) redirect(`/signin?callbackUrl=${encodeURIComponent("/admin")}`);
  // 403 with admin/forbidden.tsx: signed in, but not an admin.
  if (me.role !== "ADMIN") forbidden();
  // The settings, the first page of users and of the site-wide log go to the browser's cache with the page.
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.admin.settings.queryOptions()),
    queryClient.prefetchInfiniteQuery(
      trpc.admin.users.infiniteQueryOptions(userSearchInput(NO_SEARCH), { getNextPageParam: (page) => page.nextCursor }),
    ),
    queryClient.prefetchInfiniteQuery(
      trpc.admin.log.infiniteQueryOptions({ limit: ADMIN_PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor }),
    ),
  ]);
  return (
    <HydrateClient>
      <AdminPanel me={{ id: me.id }} />
    </HydrateClient>
  );
}
