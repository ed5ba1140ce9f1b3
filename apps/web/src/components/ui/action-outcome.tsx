/** What the last action did, or why it failed (the error wins). */
export function ActionOutcome({ outcome, error }: { outcome: string | null; error: string | null }) {
  if (error) {
    return (
      <p className="form-error" role="alert">
        {error}
      </p>
    );
  }
  return outcome ? (
    <p className="mod-outcome" role="status">
      {outcome}
    </p>
  ) : null;
}
