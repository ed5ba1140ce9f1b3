import type { Metadata } from "next";
import { SignInForm } from "~/components/sign-in-form";
import { githubEnabled } from "~/server/services";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

function safeCallbackUrl(value: string | undefined): string {
  // Only same-site paths: never redirect to another origin after sign-in.
  return value && value.startsWith("/") && !value.startsWith("//") ? value : "/";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  return (
    <div className="centered-card">
      <h1>Sign in</h1>
      <SignInForm callbackUrl={safeCallbackUrl(callbackUrl)} githubEnabled={githubEnabled()} initialError={error ? "Sign-in failed. Try again." : null} />
    </div>
  );
}
