"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useId, useState } from "react";
import { errorMessage, useTRPC } from "~/lib/trpc";
import { ErrorLine } from "../../ui/error-line";
import { LoadMoreButton } from "../../ui/load-more-button";
import { TabList, tabPanelProps, type TabItem } from "../../ui/tabs";
import { catalogInput } from "./catalog-query";
import { formatMoney } from "./money";
import type { ProductStatus, ProductView } from "./types";

const TABS: Array<TabItem<ProductStatus>> = [
  { id: "ACTIVE", label: "Active" },
  { id: "ARCHIVED", label: "Archived" },
];
const TAB_PREFIX = "catalog";

/** /studio/products: the creator's catalog, active or archived, searchable, a page at a time. */
export function ProductCatalog() {
  const [status, setStatus] = useState<ProductStatus>("ACTIVE");
  const [search, setSearch] = useState("");
  const searchId = useId();
  // The list follows the typing without a request per key press blocking the field.
  const deferredSearch = useDeferredValue(search);

  return (
    <div className="studio seller-catalog">
      <p className="studio-back">
        <Link href="/studio">← Studio</Link>
      </p>
      <div className="studio-header">
        <h1>Products</h1>
        <Link className="button" href="/studio/products/new" data-testid="product-new">
          New product
        </Link>
      </div>
      <p className="muted seller-intro">
        What you sell during your streams. Put products on a stream&apos;s shelf from its page in the studio.
      </p>
      <div className="seller-catalog-controls">
        <TabList
          idPrefix={TAB_PREFIX}
          label="Products by status"
          className="seller-tabs"
          tabs={TABS}
          selected={status}
          onSelect={setStatus}
          tabClassName={(id) => `seller-tab${id === status ? " seller-tab-on" : ""}`}
        />
        <div className="seller-search">
          <label htmlFor={searchId} className="visually-hidden">
            Search products
          </label>
          <input
            id={searchId}
            type="search"
            placeholder="Search products"
            maxLength={100}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
      </div>
      <section {...tabPanelProps(TAB_PREFIX, status)}>
        <ProductList status={status} search={deferredSearch} />
      </section>
    </div>
  );
}

function ProductList({ status, search }: { status: ProductStatus; search: string }) {
  const trpc = useTRPC();
  const list = useInfiniteQuery(
    trpc.product.list.infiniteQueryOptions(catalogInput(status, search), { getNextPageParam: (page) => page.nextCursor }),
  );
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const searching = search.trim() !== "";
  return (
    <div className="seller-list-wrap">
      {list.isPending ? <p className="muted">Loading…</p> : null}
      {list.isSuccess && items.length === 0 ? (
        <p className="muted studio-empty" data-testid="catalog-empty">
          {searching
            ? "No product matches that search."
            : status === "ACTIVE"
              ? "No products yet: create your first one."
              : "No archived products."}
        </p>
      ) : null}
      {items.length > 0 ? (
        <ul className="studio-list" aria-label={status === "ACTIVE" ? "Active products" : "Archived products"}>
          {items.map((product) => (
            <ProductRow key={product.id} product={product} />
          ))}
        </ul>
      ) : null}
      <ErrorLine error={list.error} />
      <LoadMoreButton hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onLoadMore={() => void list.fetchNextPage()}>
        Load more products
      </LoadMoreButton>
    </div>
  );
}

/** "3 options · 12 in stock", "Unlimited stock". */
function stockSummary(product: ProductView): string {
  const options = product.variants.length > 1 ? `${product.variants.length} options · ` : "";
  if (product.variants.some((variant) => variant.stock === null)) return `${options}unlimited stock`;
  const units = product.variants.reduce((sum, variant) => sum + (variant.stock ?? 0), 0);
  return `${options}${units === 0 ? "out of stock" : `${units.toLocaleString("en")} in stock`}`;
}

function ProductRow({ product }: { product: ProductView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setStatus = useMutation(
    trpc.product.setStatus.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries(trpc.product.list.pathFilter()),
          queryClient.invalidateQueries(trpc.shelf.offerable.pathFilter()),
        ]),
    }),
  );
  const archived = product.status === "ARCHIVED";
  const image = product.images[0]?.url ?? null;
  return (
    <li className="studio-row seller-row" data-testid="catalog-product">
      <div className="seller-row-image" style={image ? { backgroundImage: `url(${image})` } : undefined} aria-hidden="true" />
      <div className="studio-row-body">
        <h3 className="studio-row-title">
          <Link href={`/studio/products/${product.id}`}>
            <bdi>{product.title}</bdi>
          </Link>
        </h3>
        <p className="seller-row-price">{formatMoney(product.priceCents, product.currency)}</p>
        <p className="muted seller-row-stock">{stockSummary(product)}</p>
        {setStatus.error ? <ErrorLine error={errorMessage(setStatus.error)} /> : null}
      </div>
      <div className="studio-row-links">
        <Link className="button button-small" href={`/studio/products/${product.id}`} aria-label={`Edit ${product.title}`}>
          Edit
        </Link>
        <button
          type="button"
          className="button button-small button-secondary"
          disabled={setStatus.isPending}
          onClick={() => setStatus.mutate({ productId: product.id, status: archived ? "ACTIVE" : "ARCHIVED" })}
          aria-label={`${archived ? "Restore" : "Archive"} ${product.title}`}
        >
          {archived ? "Restore" : "Archive"}
        </button>
      </div>
    </li>
  );
}
