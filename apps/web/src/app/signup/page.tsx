import type { Metadata } from "next";
import { SignUpForm } from "~/components/sign-up-form";
import { env } from "~/env";

export const metadata: Metadata = { title: "Sign up" };
export const dynamic = "force-dynamic";

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const safe = callbackUrl && callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  return (
    <div className="centered-card">
      <h1>Create your account</h1>
      <SignUpForm callbackUrl={safe} wsUrl={env().WS_PUBLIC_URL ?? null} />
    </div>
  );
}
