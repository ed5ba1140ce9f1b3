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

export const streamDetailSelect = {
  ...streamSummarySelect,
  description: true,
  quality: true,
  chatEnabled: true,
  slowModeSeconds: true,
  emoteOnly: true,
  uniqueChat: true,
  followersOnlyMinutes: true,
  registeredOnlyMinutes: true,
  profanityFilter: true,
  shieldMode: true,
  lastMessageSeq: true,
} satisfies Prisma.LiveStreamSelect;
