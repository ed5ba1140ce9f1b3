import type { Prisma } from "@onair/db";

export const streamSummarySelect = {
  id: true,
  slug: true,
  title: true,
  status: true,
  scheduledStartAt: true,
  startedAt: true,
  endedAt: true,
  videoProvider: true,
  videoSource: true,
  viewerCount: true,
  peakViewers: true,
  likeCount: true,
  owner: { select: { id: true, username: true, name: true } },
} satisfies Prisma.LiveStreamSelect;

/** A stream's chat rules (ChatSettings). */
export const chatSettingsSelect = {
  chatEnabled: true,
  slowModeSeconds: true,
  emoteOnly: true,
  uniqueChat: true,
  followersOnlyMinutes: true,
  registeredOnlyMinutes: true,
  profanityFilter: true,
  shieldMode: true,
} satisfies Prisma.LiveStreamSelect;

export const streamDetailSelect = {
  ...streamSummarySelect,
  ...chatSettingsSelect,
  description: true,
  quality: true,
  lastMessageSeq: true,
} satisfies Prisma.LiveStreamSelect;
