import Link from "next/link";

export default function ProductNotFound() {
  return (
    <div className="centered-card" data-testid="product-not-found">
      <h1>No such product</h1>
      <p className="muted">It may have been removed, or the link is wrong.</p>
      <Link href="/studio/products">Your products</Link>
    </div>
  );
}
