import type { Db } from "@onair/db";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { resolveOAuthSignIn, userIdForOAuthAccount } from "./oauth";
import { safeCallbackPath } from "./redirect";
import { endSession, findLiveSession, SESSION_MAX_AGE_SECONDS, startSession } from "./sessions";
import { authenticateWithThrottle, clientAddressFromHeaders, SignInRefusedError, type SignInThrottle } from "./sign-in-throttle";

export interface AuthConfig {
  db: Db;
  secret: string;
  /** GitHub sign-in switches on when both are set. */
  github?: { clientId: string; clientSecret: string };
  /** Wrong-password limits per account and per address (createSignInThrottle). */
  throttle: SignInThrottle;
  /**
   * This request's verified "Link GitHub" target (linkTargetFromCookies): a new
   * GitHub account is attached to this signed-in user and to nobody else.
   */
  linkTo?: { userId: string; sessionToken: string } | null;
}

const SIGN_IN_FAILED_MESSAGE = "Sign-in failed. Try again.";

/**
 * next-auth configuration shared by the web app. The session cookie is a JWT
 * (the credentials provider only works with JWT sessions) naming the user
 * (`sub`) and a row of the `sessions` table (`sid`); the row is checked on
 * every request, HTTP and WebSocket alike, and signing out deletes it.
 */
export function createAuthOptions({ db, secret, github, throttle, linkTo = null }: AuthConfig): NextAuthOptions {
  return {
    secret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    logger: {
      error(code, metadata) {
        // An ended, expired or forged session cookie is an expected answer ("signed out"), not a fault.
        if (code === "JWT_SESSION_ERROR") return;
        console.error(`[next-auth] ${code}`, metadata);
      },
    },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          if (typeof credentials?.email !== "string" || typeof credentials.password !== "string") return null;
          if (!credentials.email || !credentials.password) return null;
          try {
            const user = await authenticateWithThrottle(db, throttle, credentials, clientAddressFromHeaders(req?.headers));
            return user ? { id: user.id, email: user.email, name: user.name ?? user.username } : null;
          } catch (error) {
            // next-auth hands a thrown message to the sign-in form: only our own sentences get there.
            if (error instanceof SignInRefusedError) throw error;
            console.error("[sign-in] password sign-in failed:", error);
            throw new Error(SIGN_IN_FAILED_MESSAGE);
          }
        },
      }),
      ...(github ? [GitHubProvider({ clientId: github.clientId, clientSecret: github.clientSecret })] : []),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.type !== "oauth") return true;
        const login = (profile as { login?: unknown } | undefined)?.login;
        const resolution = await resolveOAuthSignIn(
          db,
          {
            provider: account.provider,
            providerAccountId: account.providerAccountId,
            email: user.email ?? null,
            name: user.name ?? null,
            image: user.image ?? null,
            preferredUsername: typeof login === "string" ? login : null,
          },
          linkTo,
        );
        return resolution.ok ? true : `/signin?error=${resolution.error}`;
      },
      async jwt({ token, user, account }) {
        if (account?.type === "oauth") {
          // signIn above has linked or created the account.
          const userId = await userIdForOAuthAccount(db, account.provider, account.providerAccountId);
          if (!userId) throw new Error("OAuth account was not linked");
          token.sub = userId;
          // Linking keeps the session that asked for it; a GitHub sign-in starts one.
          token.sid = linkTo?.userId === userId ? linkTo.sessionToken : await startSession(db, userId);
        } else if (user) {
          token.sub = user.id;
          token.sid = await startSession(db, user.id);
        } else {
          // Every later read of the session: it must still be live on the server.
          // Throwing makes next-auth answer "no session" and clear the cookie.
          const live =
            typeof token.sub === "string" && typeof token.sid === "string"
              ? await findLiveSession(db, { userId: token.sub, sessionToken: token.sid }, { id: true })
              : null;
          if (!live) throw new Error("Session ended or issued before server-side sessions; sign in again");
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) (session.user as { id?: string }).id = token.sub;
        return session;
      },
      redirect({ url, baseUrl }) {
        return `${baseUrl}${safeCallbackPath(url, baseUrl)}`;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await endSession(db, token.sid);
      },
    },
  };
}
