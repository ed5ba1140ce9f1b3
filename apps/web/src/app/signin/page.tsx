import { OAUTH_ERROR_MESSAGES, safeCallbackPath } from "@onair/auth";
import type { Metadata } from "next";
import { SignInForm } from "~/components/account/sign-in-form";
import { githubEnabled } from "~/server/services";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

/** The sentence for an `?error=` next-auth or our sign-in callback sent here; never the raw parameter. */
function errorMessage(error: string | undefined): string | null {
  if (!error) return null;
  if (Object.hasOwn(OAUTH_ERROR_MESSAGES, error)) return OAUTH_ERROR_MESSAGES[error as keyof typeof OAUTH_ERROR_MESSAGES];
  if (error === "CredentialsSignin") return "Invalid email or password.";
  return "Sign-in failed. Try again.";
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[] }>;
}) {
  const { callbackUrl, error } = await searchParams;
  return (
    <div className="centered-card">
      <h1>Sign in</h1>
      <SignInForm
        callbackUrl={safeCallbackPath(callbackUrl)}
        githubEnabled={githubEnabled()}
        initialError={errorMessage(typeof error === "string" ? error : undefined)}
      />
    </div>
  );
}
