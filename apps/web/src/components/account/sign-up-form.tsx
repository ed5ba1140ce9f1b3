"use client";

import { safeCallbackPath } from "@onair/auth/redirect";
import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { formText } from "~/lib/form";
import { useTRPC } from "~/lib/trpc";
import { ErrorLine } from "../ui/error-line";

export function SignUpForm(props: { callbackUrl: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  // The account is made with `account.signUp`, then the new person signs in with next-auth as on /signin;
  // a failed sign-in fails the mutation, so its error shows like any other.
  const signUp = useMutation(
    trpc.account.signUp.mutationOptions({
      onSuccess: async (_account, { email, password }) => {
        const result = await signIn("credentials", { email, password, redirect: false });
        if (!result || result.error) throw new Error("Your account was created, but signing in failed. Try signing in.");
        router.push(safeCallbackPath(props.callbackUrl));
        router.refresh();
      },
    }),
  );
  // After success the page is on its way elsewhere: the button stays busy until it is gone.
  const pending = signUp.isPending || signUp.isSuccess;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signUp.mutate({
      email: formText(form, "email"),
      password: formText(form, "password"),
      username: formText(form, "username"),
      name: formText(form, "name") || undefined,
    });
  }

  return (
    <>
      <form className="stacked-form" onSubmit={submit}>
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
        <ErrorLine error={signUp.error} />
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
