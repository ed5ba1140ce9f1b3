import { z } from "zod";
import { requestIdSchema } from "../../input-limits";
import { idSchema } from "../shared/ids";
import { capCombiningMarks, hasVisibleText } from "../chat/visible-text";

export const signUpInput = z.object({
  email: z
    .email("Enter a valid email address.")
    .max(254)
    .transform((email) => email.toLowerCase()),
  password: z.string().min(8, "Password must be at least 8 characters.").max(128, "Password must be at most 128 characters."),
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9_]{3,24}$/, "Username: 3–24 lower-case letters, digits or underscores."),
  name: z
    .string()
    .trim()
    .max(60)
    .transform(capCombiningMarks)
    .refine((name) => name === "" || hasVisibleText(name), "Name has no visible text.")
    .optional(),
  /** Client-generated id: a retried sign-up with the same id (and email) returns the account it created. */
  requestId: requestIdSchema.optional(),
});
export type SignUpInput = z.infer<typeof signUpInput>;

export const createApiTokenInput = z.object({
  name: z.string().trim().min(1, "Give the token a name.").max(60),
  expiresInDays: z.int32().min(1).max(365).optional(),
  /** Client-generated id: a retry with the same id returns the same token and creates nothing new. */
  requestId: requestIdSchema.optional(),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenInput>;

export const revokeApiTokenInput = z.object({ id: idSchema("id") });
