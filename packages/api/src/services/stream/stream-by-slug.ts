import type { DbOrTx } from "@onair/db";
import { AppError } from "../../errors";
import { streamDetailSelect } from "./stream-view";

export async function streamBySlug(db: DbOrTx, slug: string) {
  const stream = await db.liveStream.findUnique({ where: { slug }, select: streamDetailSelect });
  if (!stream) throw new AppError("NOT_FOUND", `No stream at /s/${slug}.`);
  return stream;
}
