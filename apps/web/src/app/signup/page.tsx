import { safeCallbackPath } from "@onair/auth";
import type { Metadata } from "next";
import { SignUpForm } from "~/components/account/sign-up-form";

export const metadata: Metadata = { title: "Sign up" };
export const dynamic = "force-dynamic";

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const { callbackUrl } = await searchParams;
  return (
    <div className="centered-card">
      <h1>Create your account</h1>
      <SignUpForm callbackUrl={safeCallbackPath(callbackUrl)} />
    </div>
  );
}
