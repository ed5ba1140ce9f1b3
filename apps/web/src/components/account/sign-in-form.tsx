"use client";

import { safeCallbackPath } from "@onair/auth/redirect";
import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { formText } from "~/lib/form";

export function SignInForm(props: { callbackUrl: string; githubEnabled: boolean; initialError: string | null }) {
  const router = useRouter();
  const [error, setError] = useState(props.initialError);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: formText(form, "email"),
      password: formText(form, "password"),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      // The same message for an unknown account and a wrong password ("CredentialsSignin");
      // any other error is a sentence of the server's own (too many attempts, unavailable).
      setError(!result || result.error === "CredentialsSignin" ? "Invalid email or password." : result.error);
      return;
    }
    router.push(safeCallbackPath(props.callbackUrl));
    router.refresh();
  }

  return (
    <>
      <form className="stacked-form" onSubmit={(event) => void submit(event)}>
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {props.githubEnabled ? (
        <button
          type="button"
          className="button button-secondary"
          onClick={() => void signIn("github", { callbackUrl: safeCallbackPath(props.callbackUrl) })}
        >
          Continue with GitHub
        </button>
      ) : null}
      <p className="muted">
        New here? <Link href={`/signup?callbackUrl=${encodeURIComponent(safeCallbackPath(props.callbackUrl))}`}>Create an account</Link>
      </p>
    </>
  );
}
