"use client";

import { safeCallbackPath } from "@onair/auth/redirect";
import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { formText } from "~/lib/form";
import { errorMessage, useTRPCClient } from "~/lib/trpc";

export function SignUpForm(props: { callbackUrl: string }) {
  const api = useTRPCClient();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = formText(form, "email");
    const password = formText(form, "password");
    setPending(true);
    setError(null);
    try {
      await api.account.signUp.mutate({
        email,
        password,
        username: formText(form, "username"),
        name: formText(form, "name") || undefined,
      });
      const result = await signIn("credentials", { email, password, redirect: false });
      if (!result || result.error) throw new Error("Your account was created, but signing in failed. Try signing in.");
      router.push(safeCallbackPath(props.callbackUrl));
      router.refresh();
    } catch (e) {
      setError(errorMessage(e));
      setPending(false);
    }
  }

  return (
    <>
      <form className="stacked-form" onSubmit={(event) => void submit(event)}>
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          Username
          <input
            name="username"
            pattern="[a-zA-Z0-9_]{3,24}"
            title="3–24 letters, digits or underscores"
            autoComplete="username"
            required
          />
        </label>
        <label>
          Display name <span className="muted">(optional)</span>
          <input name="name" maxLength={60} autoComplete="nickname" />
        </label>
        <label>
          Password
          <input name="password" type="password" minLength={8} maxLength={128} autoComplete="new-password" required />
        </label>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={pending}>
          {pending ? "Creating account…" : "Sign up"}
        </button>
      </form>
      <p className="muted">
        Already have an account?{" "}
        <Link href={`/signin?callbackUrl=${encodeURIComponent(safeCallbackPath(props.callbackUrl))}`}>Sign in</Link>
      </p>
    </>
  );
}
