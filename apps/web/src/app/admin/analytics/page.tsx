import type { Metadata } from "next";
import { forbidden, redirect } from "next/navigation";
import { siteDaysParam } from "~/components/analytics/chart-data";
import { SiteAnalytics } from "~/components/analytics/site-analytics";
import { serverApi } from "~/server/services";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";
import "~/components/mod/mod.css";
import "~/components/studio/studio.css";
import "~/components/analytics/analytics.css";

export const metadata: Metadata = { title: "Site analytics" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ days?: string | string[] }> };

export default async function SiteAnalyticsPage({ searchParams }: Props) {
  const api = await serverApi();
  const me = await api.account.me();
  const days = siteDaysParam((await searchParams).days);
  if (!me) redirect(`/signin?callbackUrl=${encodeURIComponent(`/admin/analytics?days=${days}`)}`);
  // 403 with admin/forbidden.tsx: signed in, but not an admin.
  if (me.role !== "ADMIN") forbidden();
  await getQueryClient().prefetchQuery(trpc.admin.analyticsOverview.queryOptions({ days }));
  return (
    <HydrateClient>
      <SiteAnalytics initialDays={days} />
    </HydrateClient>
  );
}
