import NextAuth from "next-auth";
import { authOptions } from "~/server/services";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, context: RouteContext) {
  return NextAuth(authOptions())(req, { params: await context.params });
}

export { handler as GET, handler as POST };
