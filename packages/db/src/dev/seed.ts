import type { PrismaClient, Role } from "../generated/prisma/client";

export const DEMO_ACCOUNTS = [
  { email: "admin@onair.local", password: "onair-admin", username: "admin", name: "Ada Admin", role: "ADMIN" },
  { email: "moderator@onair.local", password: "onair-moderator", username: "mod", name: "Moe Moderator", role: "MODERATOR" },
  { email: "viewer@onair.local", password: "onair-viewer", username: "viewer", name: "Vic Viewer", role: "VIEWER" },
  { email: "streamer@onair.local", password: "onair-streamer", username: "streamer", name: "Sam Streamer", role: "VIEWER" },
] as const satisfies ReadonlyArray<{ email: string; password: string; username: string; name: string; role: Role }>;

const HOUR = 60 * 60 * 1000;

const PAST_CHAT = [
  ["viewer", "Hi everyone! First time here."],
  ["streamer", "Welcome @viewer! Ask me anything."],
  ["mod", "Reminder: be kind, keep it on topic."],
  ["viewer", "How long have you been streaming?"],
  ["streamer", "About three years now, mostly music and coding."],
  ["admin", "Great turnout today."],
  ["viewer", "What is your setup?"],
  ["streamer", "One camera, one mic, and OnAir for chat :)"],
  ["mod", "Five more minutes of questions, folks."],
  ["viewer", "Thanks for the stream!"],
  ["streamer", "Thanks all, see you next week!"],
] as const;

/**
 * Demo data: one account per role plus a streamer, a live stream on a public
 * YouTube video, a scheduled one and an ended one with chat history. The demo
 * lets every signed-in user create streams (a fresh install allows only creators).
 * Idempotent: running it again changes nothing that exists.
 */
export async function seedDemoData(db: PrismaClient, hashPassword: (password: string) => Promise<string>): Promise<void> {
  const users: Record<string, string> = {};
  for (const account of DEMO_ACCOUNTS) {
    const existing = await db.user.findUnique({ where: { email: account.email }, select: { id: true } });
    const user =
      existing ??
      (await db.user.create({
        data: {
          email: account.email,
          username: account.username,
          name: account.name,
          role: account.role,
          passwordHash: await hashPassword(account.password),
        },
        select: { id: true },
      }));
    users[account.username] = user.id;
  }
  const ownerId = users.streamer!;
  const now = Date.now();
  await db.siteSettings.upsert({ where: { id: 1 }, update: {}, create: { id: 1, streamCreation: "EVERYONE" } });
  await db.user.update({ where: { id: ownerId }, data: { canCreateStreams: true } });

  const lofi = await db.liveStream.upsert({
    where: { slug: "lofi-live" },
    update: {},
    create: {
      slug: "lofi-live",
      title: "Lofi beats to chat to",
      description: "Relaxing beats all day. Say hi in the chat!",
      ownerId,
      status: "LIVE",
      startedAt: new Date(now - HOUR),
      videoProvider: "YOUTUBE",
      videoSource: "jfKfPfyJRdk",
    },
  });
  await db.liveStream.upsert({
    where: { slug: "launch-party" },
    update: {},
    create: {
      slug: "launch-party",
      title: "OnAir launch party",
      description: "We go live with the team, a demo and a Q&A.",
      ownerId,
      status: "SCHEDULED",
      scheduledStartAt: new Date(now + 48 * HOUR),
      videoProvider: "YOUTUBE",
      videoSource: "aqz-KE-bpKQ",
    },
  });
  const ended = await db.liveStream.upsert({
    where: { slug: "ask-me-anything" },
    update: {},
    create: {
      slug: "ask-me-anything",
      title: "Ask me anything",
      description: "Last week's AMA, with the full chat replay.",
      ownerId,
      status: "ENDED",
      startedAt: new Date(now - 26 * HOUR),
      endedAt: new Date(now - 24 * HOUR),
      peakViewers: 42,
      videoProvider: "YOUTUBE",
      videoSource: "aqz-KE-bpKQ",
    },
  });
  if ((await db.chatMessage.count({ where: { streamId: ended.id } })) === 0) {
    await db.$transaction([
      db.chatMessage.createMany({
        data: PAST_CHAT.map(([username, body], index) => ({
          streamId: ended.id,
          seq: index + 1,
          userId: users[username]!,
          body,
          createdAt: new Date(now - 26 * HOUR + (index + 1) * 5 * 60 * 1000),
        })),
      }),
      db.liveStream.update({ where: { id: ended.id }, data: { lastMessageSeq: PAST_CHAT.length } }),
    ]);
  }

  await seedDemoAudience(db, ended.id, ended.startedAt!, ended.endedAt!, Object.values(users));
  await seedDemoShop(db, ownerId, lofi.id);
}

/**
 * The ended demo stream's audience, so its analytics have something to show (the
 * collector turns these into per-minute figures on its first run): 60 anonymous
 * viewers arriving over the first hour and staying a varying while, plus likes.
 * Deterministic; only on a fresh database.
 */
async function seedDemoAudience(db: PrismaClient, streamId: string, startedAt: Date, endedAt: Date, likerIds: string[]): Promise<void> {
  if ((await db.viewerSession.count({ where: { streamId } })) > 0) return;
  const start = startedAt.getTime();
  const length = endedAt.getTime() - start;
  const sessions = Array.from({ length: 60 }, (_, index) => {
    const joinedAt = start + ((index * 7919) % 60) * 60_000 + (index % 7) * 9_000;
    const stay = (0.15 + ((index * 37) % 100) / 120) * length;
    return {
      streamId,
      viewerKey: `demo-viewer-${index}`,
      joinedAt: new Date(joinedAt),
      leftAt: new Date(Math.min(joinedAt + stay, endedAt.getTime())),
    };
  });
  await db.$transaction([
    db.viewerSession.createMany({ data: sessions }),
    db.streamLike.createMany({
      data: likerIds.map((userId, index) => ({ streamId, userId, createdAt: new Date(start + (index + 1) * 17 * 60_000) })),
      skipDuplicates: true,
    }),
  ]);
}

/** The demo creator's catalog, on the live demo stream's shelf with one product pinned (only on a fresh database). */
async function seedDemoShop(db: PrismaClient, ownerId: string, streamId: string): Promise<void> {
  if ((await db.product.count({ where: { ownerId } })) > 0) return;
  const products = [
    {
      title: "Lofi Live T-shirt",
      description: "Soft organic cotton, printed with the channel's logo.",
      priceCents: 2500,
      variants: [
        { name: "S", stock: 12 },
        { name: "M", stock: 20 },
        { name: "L", stock: 8 },
      ],
    },
    {
      title: "Rainy-day mug",
      description: "Stoneware, 350 ml, dishwasher safe.",
      priceCents: 1400,
      variants: [{ name: "", stock: 30 }],
    },
    {
      title: "Beats vol. 1 (vinyl)",
      description: "The stream's first twelve tracks on 180 g vinyl.",
      priceCents: 3200,
      variants: [{ name: "", stock: 5 }],
    },
  ];
  for (const [position, product] of products.entries()) {
    const created = await db.product.create({
      data: {
        ownerId,
        title: product.title,
        description: product.description,
        priceCents: product.priceCents,
        currency: "USD",
        variants: { create: product.variants.map((variant, index) => ({ ...variant, position: index })) },
      },
      select: { id: true },
    });
    await db.streamProduct.create({
      data: { streamId, productId: created.id, position, pinnedAt: position === 0 ? new Date() : null },
    });
  }
}
