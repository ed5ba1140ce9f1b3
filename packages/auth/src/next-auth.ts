import type { Db } from "@onair/db";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { authenticateWithPassword } from "./credentials";
import { linkOAuthAccount } from "./oauth";

export interface AuthConfig {
  db: Db;
  secret: string;
  /** GitHub sign-in switches on when both are set. */
  github?: { clientId: string; clientSecret: string };
}

/**
 * next-auth configuration shared by the web app. Sessions are JWTs in an http-only
 * cookie, so the standalone WebSocket server can verify them with the same secret.
 */
export function createAuthOptions({ db, secret, github }: AuthConfig): NextAuthOptions {
  return {
    secret,
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/signin" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          if (!credentials?.email || !credentials.password) return null;
          const user = await authenticateWithPassword(db, credentials);
          return user ? { id: user.id, email: user.email, name: user.name ?? user.username } : null;
        },
      }),
      ...(github ? [GitHubProvider({ clientId: github.clientId, clientSecret: github.clientSecret })] : []),
    ],
    callbacks: {
      async jwt({ token, user, account, profile }) {
        if (account && account.type === "oauth") {
          const login = (profile as { login?: unknown } | undefined)?.login;
          token.sub = await linkOAuthAccount(db, {
            provider: account.provider,
            providerAccountId: account.providerAccountId,
            email: user.email ?? null,
            name: user.name ?? null,
            image: user.image ?? null,
            preferredUsername: typeof login === "string" ? login : null,
          });
        } else if (user) {
          token.sub = user.id;
        }
        return token;
      },
      async session({ session, token }) {
        if (token.sub) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
  };
}
