import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { NewStream } from "~/components/studio/new-stream";
import { serverApi } from "~/server/services";
import "~/components/studio/studio.css";

export const metadata: Metadata = { title: "New stream" };
export const dynamic = "force-dynamic";

export default async function NewStreamPage() {
  const api = await serverApi();
  const me = await api.account.me();
  if (!me) redirect(`/signin?callbackUrl=${encodeURIComponent("/studio/new")}`);
  const capabilities = await api.studio.capabilities();
  if (!capabilities.canCreate) {
    return (
      <div className="centered-card" data-testid="studio-cannot-create">
        <h1>You cannot create streams yet</h1>
        <p className="muted">{capabilities.reason ?? "Only creators can create streams: ask an admin."}</p>
        <Link href="/studio">Back to the studio</Link>
      </div>
    );
  }
  return <NewStream capabilities={capabilities} />;
}
