import { z } from "zod";

/** base64url without padding (a browser's PushSubscription.toJSON() keys). */
const base64url = (what: string, bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, `${what} must be base64url, as PushSubscription.toJSON() gives it.`)
    .refine((value) => Buffer.from(value, "base64url").length === bytes, `${what} must be ${bytes} bytes.`);

export const subscribeInput = z.object({
  endpoint: z
    .url({ message: "endpoint must be the push service URL of the browser's subscription." })
    .max(1_000, "endpoint is longer than 1000 characters."),
  keys: z.object({
    /** The browser's ECDH public key (uncompressed P-256 point). */
    p256dh: base64url("keys.p256dh", 65),
    /** The browser's 16-byte authentication secret. */
    auth: base64url("keys.auth", 16),
  }),
  userAgent: z.string().max(300, "userAgent is longer than 300 characters.").optional(),
});

export const unsubscribeInput = z.object({
  endpoint: z.string().min(1, "endpoint is required.").max(1_000, "endpoint is longer than 1000 characters."),
});

export const removeDeviceInput = z.object({
  id: z.string().min(1, "id is required.").max(64, "id is longer than 64 characters."),
});

export type SubscribeInput = z.output<typeof subscribeInput>;
