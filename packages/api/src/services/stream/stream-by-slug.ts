import type { DbOrTx } from "@onair/db";
import { AppError } from "../../errors";
import { streamDetailSelect } from "./stream-view";

/** A stream's page, by its slug. */
export async function streamBySlug(deps: { db: DbOrTx }, input: { slug: string }) {
  const stream = await deps.db.liveStream.findUnique({ where: { slug: input.slug }, select: streamDetailSelect });
  if (!stream) throw new AppError("NOT_FOUND", `No stream at /s/${input.slug}.`);
  return stream;
}
