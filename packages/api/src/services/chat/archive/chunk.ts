import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import type { ChatBadge, MessageStatus, Role } from "@onair/db";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Bumped when the shape of ArchivedMessage changes; readers keep reading every earlier version. */
export const ARCHIVE_FORMAT = 1;

/**
 * One chat message as the archive keeps it: every column of chat_messages, plus
 * what showing it needs when the rows it points at may be gone too (the author
 * and the answered message as they were when it was archived).
 */
export interface ArchivedMessage {
  id: string;
  seq: number | null;
  userId: string;
  body: string;
  originalBody: string | null;
  authorBadge: ChatBadge | null;
  status: MessageStatus;
  replyToId: string | null;
  mentionedUserIds: string[];
  clientMessageId: string | null;
  /** ISO 8601, millisecond precision (as stored). */
  createdAt: string;
  deletedAt: string | null;
  deletedById: string | null;
  /** The author when the message was archived (readers prefer the account as it is now). */
  author: { username: string; name: string | null; role: Role };
  /** The message it answers, when the archiver moved it (a reply is never archived after what it answers). */
  replyTo: {
    id: string;
    seq: number | null;
    status: MessageStatus;
    body: string;
    author: { username: string; name: string | null };
  } | null;
}

interface ChunkPayload {
  format: number;
  streamId: string;
  messages: ArchivedMessage[];
}

/** gzip-compressed JSON: what chat_archive_chunks.data holds. */
export async function encodeChunk(streamId: string, messages: ArchivedMessage[]): Promise<Uint8Array<ArrayBuffer>> {
  const payload: ChunkPayload = { format: ARCHIVE_FORMAT, streamId, messages };
  return new Uint8Array(await gzipAsync(JSON.stringify(payload)));
}

export async function decodeChunk(data: Uint8Array): Promise<ArchivedMessage[]> {
  const payload = JSON.parse((await gunzipAsync(data)).toString("utf8")) as ChunkPayload;
  if (payload.format !== ARCHIVE_FORMAT)
    throw new Error(`chat archive chunk has format ${String(payload.format)}, this reader knows ${ARCHIVE_FORMAT}`);
  return payload.messages;
}
