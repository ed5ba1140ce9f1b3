/** The button under a paged list that reads its next page; shown only while there is one. */
export function LoadMoreButton(props: { hasMore: boolean; loading: boolean; onLoadMore: () => void; children: string }) {
  if (!props.hasMore) return null;
  return (
    <button
      type="button"
      className="button button-small mod-button-quiet mod-load-more"
      disabled={props.loading}
      onClick={props.onLoadMore}
    >
      {props.children}
    </button>
  );
}
