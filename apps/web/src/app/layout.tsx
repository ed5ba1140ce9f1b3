import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { getServerSession } from "next-auth";
import { LinkGitHubButton } from "~/components/account/link-github-button";
import { NotificationBell } from "~/components/notifications/notification-bell";
import { Providers } from "~/components/providers";
import { SignOutButton } from "~/components/account/sign-out-button";
import { env } from "~/env";
import { authOptions, githubEnabled, serverApi } from "~/server/services";
import "./globals.css";

// Every page shows the signed-in user, so nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "OnAir", template: "%s · OnAir" },
  description: "Live streams with real-time chat.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

/** Which staff areas the signed-in user may open: moderation for anyone who moderates a stream, admin for admins. */
async function staffLinks(): Promise<{ moderate: boolean; admin: boolean }> {
  const api = await serverApi();
  const me = await api.account.me();
  if (!me) return { moderate: false, admin: false };
  return { moderate: await api.moderation.moderatesAnything(), admin: me.role === "ADMIN" };
}

/** The bell's count as the page is made (the WebSocket keeps it current); null if it could not be read. */
async function unreadNotifications(): Promise<number | null> {
  const api = await serverApi();
  try {
    return (await api.notifications.unreadCount()).unread;
  } catch {
    return null;
  }
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await getServerSession(authOptions());
  const [staff, unread] = session?.user
    ? await Promise.all([staffLinks(), unreadNotifications()])
    : [{ moderate: false, admin: false }, null];
  return (
    <html lang="en">
      <body>
        <Providers wsUrl={env().WS_PUBLIC_URL ?? null} mediaUrl={env().MEDIA_PUBLIC_URL ?? null}>
          <header className="site-header">
            <Link href="/" className="brand">
              <span className="brand-dot" aria-hidden /> OnAir
            </Link>
            <nav className={`site-nav${staff.moderate || staff.admin ? " site-nav-staff" : ""}`}>
              {session?.user ? (
                <>
                  <Link href="/studio" data-testid="nav-studio">
                    Studio
                  </Link>
                  <Link href="/orders" data-testid="nav-orders">
                    My orders
                  </Link>
                  {staff.moderate ? (
                    <Link href="/mod" className="nav-staff" data-testid="nav-moderate">
                      Moderate
                    </Link>
                  ) : null}
                  {staff.admin ? (
                    <Link href="/admin" className="nav-staff" data-testid="nav-admin">
                      Admin
                    </Link>
                  ) : null}
                  <NotificationBell initialUnread={unread} />
                  <span className="whoami" data-testid="whoami">
                    <bdi>{session.user.name ?? session.user.email}</bdi>
                  </span>
                  {githubEnabled() ? <LinkGitHubButton /> : null}
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
        </Providers>
      </body>
    </html>
  );
}
