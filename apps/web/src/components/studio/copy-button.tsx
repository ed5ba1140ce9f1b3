"use client";

import { useEffect, useState } from "react";

/** Copies a text to the clipboard and says whether it worked (for a moment). */
export function CopyButton({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const [outcome, setOutcome] = useState<"copied" | "failed" | null>(null);

  useEffect(() => {
    if (!outcome) return;
    const timer = setTimeout(() => setOutcome(null), 2_500);
    return () => clearTimeout(timer);
  }, [outcome]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setOutcome("copied");
    } catch {
      setOutcome("failed");
    }
  }

  return (
    <>
      <button
        type="button"
        className="button button-small button-secondary"
        onClick={() => void copy()}
        aria-label={label}
        data-testid={testId}
      >
        Copy
      </button>
      <span role="status" className={outcome === "failed" ? "form-error studio-copy-outcome" : "mod-outcome studio-copy-outcome"}>
        {outcome === "copied" ? "Copied" : outcome === "failed" ? "Copying failed: select the text and copy it." : ""}
      </span>
    </>
  );
}
