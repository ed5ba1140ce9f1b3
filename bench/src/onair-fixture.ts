import { randomBytes } from "node:crypto";
import { generateApiToken } from "@onair/auth";
import { createDbClient } from "@onair/db";
import { createTestDatabase, type TestDatabase } from "@onair/db/dev";

/** What the onair system needs: a fresh migrated database, a user with an API token, and streams. */
export class OnAirFixture {
  private streams = 0;

  private constructor(
    private readonly database: TestDatabase,
    private readonly db: ReturnType<typeof createDbClient>,
    private readonly ownerId: string,
    readonly token: string,
  ) {}

  get databaseUrl(): string {
    return this.database.url;
  }

  static async create(): Promise<OnAirFixture> {
    const database = await createTestDatabase();
    const db = createDbClient(database.url, { poolSize: 2 });
    try {
      const suffix = randomBytes(4).toString("hex");
      const user = await db.user.create({
        data: { username: `bench_${suffix}`, email: `bench-${suffix}@bench.invalid`, role: "ADMIN" },
      });
      const { token, tokenHash, prefix } = generateApiToken();
      await db.apiToken.create({ data: { userId: user.id, name: "bench", tokenHash, prefix } });
      return new OnAirFixture(database, db, user.id, token);
    } catch (error) {
      await db.$disconnect();
      await database.dispose();
      throw error;
    }
  }

  /** A new live stream per scenario, so that every scenario starts from sequence 0. */
  async createStream(): Promise<{ id: string; lastMessageSeq: number }> {
    this.streams++;
    const slug = `bench-${Date.now().toString(36)}-${this.streams}`;
    return this.db.liveStream.create({
      data: { slug, title: `Bench ${slug}`, ownerId: this.ownerId, status: "LIVE", videoSource: "x" },
      select: { id: true, lastMessageSeq: true },
    });
  }

  /** A live stream on OnAir's own ingest, with its secret key (the ingest benchmark publishes to it). */
  async createIngestStream(): Promise<{ id: string; key: string }> {
    this.streams++;
    const slug = `bench-ingest-${Date.now().toString(36)}-${this.streams}`;
    const key = randomBytes(32).toString("base64url");
    const stream = await this.db.liveStream.create({
      data: {
        slug,
        title: `Bench ${slug}`,
        ownerId: this.ownerId,
        status: "LIVE",
        startedAt: new Date(),
        videoProvider: "INGEST",
        videoSource: "",
        ingestKey: key,
      },
      select: { id: true },
    });
    return { id: stream.id, key };
  }

  /** Where a new subscriber should resume: the stream's last sequence number right now. */
  async lastMessageSeq(streamId: string): Promise<number> {
    const stream = await this.db.liveStream.findUniqueOrThrow({ where: { id: streamId }, select: { lastMessageSeq: true } });
    return stream.lastMessageSeq;
  }

  async dispose(): Promise<void> {
    await this.db.$disconnect();
    await this.database.dispose();
  }
}
