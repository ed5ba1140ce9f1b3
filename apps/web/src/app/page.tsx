import { prefetchStreamSections } from "~/components/browse/prefetch";
import { SearchForm } from "~/components/browse/search-form";
import { StreamSections } from "~/components/browse/stream-sections";
import { HydrateClient } from "~/trpc/server";

export const dynamic = "force-dynamic";

const EMPTY = {
  LIVE: "Nobody is live right now.",
  SCHEDULED: "No scheduled streams.",
  ENDED: "No past streams yet.",
};

export default async function HomePage() {
  await prefetchStreamSections({});
  return (
    <HydrateClient>
      <SearchForm />
      <StreamSections filter={{}} empty={EMPTY} />
    </HydrateClient>
  );
}
