import Form from "next/form";
import { MAX_SEARCH_LENGTH } from "./stream-filter";

/** Searches streams by title or creator: opens /search?q=… (a plain GET form, so it works before scripts load too). */
export function SearchForm({ defaultQuery = "" }: { defaultQuery?: string }) {
  return (
    <Form action="/search" role="search" className="browse-search" aria-label="Search streams">
      <label htmlFor="stream-search" className="visually-hidden">
        Search streams
      </label>
      <input
        id="stream-search"
        name="q"
        type="search"
        defaultValue={defaultQuery}
        maxLength={MAX_SEARCH_LENGTH}
        placeholder="Search streams or creators"
        required
        data-testid="stream-search"
      />
      <button type="submit" className="button">
        Search
      </button>
    </Form>
  );
}
