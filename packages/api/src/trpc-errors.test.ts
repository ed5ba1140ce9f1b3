import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { toTRPCError } from "./trpc-errors";

/** A Prisma known-request error as the client throws it (only its code matters here). */
function prismaError(code: string): Error {
  return Object.assign(new Error(`Prisma failed (${code})`), { code });
}

describe("toTRPCError", () => {
  it("maps a service's AppError to its TRPC code with the service's sentence", () => {
    const mapped = toTRPCError(new AppError("SOLD_OUT", "Sold out."));
    expect(mapped).toBeInstanceOf(TRPCError);
    expect(mapped).toMatchObject({ code: "CONFLICT", message: "Sold out." });
  });

  it.each(["P2024", "P2028"])(
    "answers Prisma's %s (every connection busy) with SERVICE_UNAVAILABLE and a retry hint, not a 500",
    (code) => {
      for (const error of [prismaError(code), new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: prismaError(code) })]) {
        const mapped = toTRPCError(error) as TRPCError;
        expect(mapped).toBeInstanceOf(TRPCError);
        expect(mapped.code).toBe("SERVICE_UNAVAILABLE");
        expect(mapped.message).toBe("The service is busy: try again in a moment.");
        expect((mapped.cause as AppError).details).toEqual({ retryAfterMs: 1_000 });
      }
    },
  );

  it("passes other errors through (they become a 500 with an error id)", () => {
    const error = prismaError("P2002");
    expect(toTRPCError(error)).toBe(error);
  });
});
