import { z } from "zod";

/** An id of a stream, user, message, term or token, as inputs take them. */
export const idSchema = (what: string) => z.string().min(1, `${what} is required`).max(64);

export const streamIdSchema = idSchema("streamId");
export const userIdSchema = idSchema("userId");
export const messageIdSchema = idSchema("messageId");
