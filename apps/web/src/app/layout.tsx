import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { getServerSession } from "next-auth";
import { SignOutButton } from "~/components/sign-out-button";
import { authOptions } from "~/server/services";
import "./globals.css";

// Every page shows the signed-in user, so nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "OnAir", template: "%s · OnAir" },
  description: "Live streams with real-time chat.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await getServerSession(authOptions());
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/" className="brand">
            <span className="brand-dot" aria-hidden /> OnAir
          </Link>
          <nav className="site-nav">
            {session?.user ? (
              <>
                <span className="whoami" data-testid="whoami">
                  {session.user.name ?? session.user.email}
                </span>
                <SignOutButton />
              </>
            ) : (
              <>
                <Link href="/signin">Sign in</Link>
                <Link href="/signup" className="button button-small">
                  Sign up
                </Link>
              </>
            )}
          </nav>
        </header>
        <main className="site-main">{children}</main>
      </body>
    </html>
  );
}
