import { USERNAME_PATTERN } from "@onair/auth";
import type { DbOrTx } from "@onair/db";
import { z } from "zod";
import { AppError } from "../../errors";

/** A channel is its owner's username (an `@` in front is allowed, case does not matter). */
export const usernameFilter = z
  .string()
  .trim()
  .toLowerCase()
  .transform((name) => name.replace(/^@/, ""))
  .pipe(z.string().regex(USERNAME_PATTERN, "A username has 3–24 lower-case letters, digits or underscores."));

export const channelInput = z.object({ username: usernameFilter });
export type ChannelInput = z.infer<typeof channelInput>;

/** A creator's channel page header: who they are, how many follow them, whether they are live now. */
export async function channel(deps: { db: DbOrTx }, input: ChannelInput) {
  const user = await deps.db.user.findUnique({
    where: { username: input.username },
    select: {
      id: true,
      username: true,
      name: true,
      image: true,
      _count: { select: { followers: true } },
      ownedStreams: { where: { status: "LIVE" }, select: { id: true }, take: 1 },
    },
  });
  if (!user) throw new AppError("NOT_FOUND", `No channel @${input.username}.`);
  const { _count, ownedStreams, ...profile } = user;
  return { ...profile, followerCount: _count.followers, live: ownedStreams.length > 0 };
}
