import type { Metadata } from "next";
import { prefetchStreamSections } from "~/components/browse/prefetch";
import { SearchForm } from "~/components/browse/search-form";
import { SearchResults } from "~/components/browse/stream-sections";
import { searchQueryOf } from "~/components/browse/stream-filter";
import { HydrateClient } from "~/trpc/server";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ q?: string | string[] }> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const query = searchQueryOf((await searchParams).q);
  return { title: query ? `“${query}”` : "Search" };
}

export default async function SearchPage({ searchParams }: Props) {
  const query = searchQueryOf((await searchParams).q);
  if (!query) {
    return (
      <>
        <h1 className="browse-title">Search</h1>
        <SearchForm />
        <p className="browse-empty muted">Find live, upcoming and past streams by their title or their creator&apos;s name.</p>
      </>
    );
  }
  await prefetchStreamSections({ query });
  return (
    <HydrateClient>
      <h1 className="browse-title">
        Results for “<bdi>{query}</bdi>”
      </h1>
      <SearchForm defaultQuery={query} />
      <SearchResults query={query} />
    </HydrateClient>
  );
}
