"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

/** For a signed-in user: links a GitHub account to this account (the link is bound to this session). */
export function LinkGitHubButton(props: { callbackUrl?: string }) {
  const [error, setError] = useState<string | null>(null);

  async function link() {
    setError(null);
    const response = await fetch("/api/auth/link/github", { method: "POST" });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { error?: string } | null;
      setError(body?.error ?? "Linking GitHub failed. Try again.");
      return;
    }
    await signIn("github", { callbackUrl: props.callbackUrl ?? "/" });
  }

  return (
    <>
      <button type="button" className="link-button" onClick={() => void link()}>
        Link GitHub
      </button>
      {error ? (
        <span className="form-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
