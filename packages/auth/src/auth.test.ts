import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { generateApiToken, hashApiToken } from "./api-token";
import { hashPassword, verifyPassword } from "./password";
import { readSessionCookie } from "./session-cookie";
import { usernameCandidate } from "./username";

const SECRET = "unit-test-secret-unit-test-secret";

describe("passwords", () => {
  it("verifies the right password only, with a fresh salt each time", async () => {
    const a = await hashPassword("correct horse");
    const b = await hashPassword("correct horse");
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse", a)).toBe(true);
    expect(await verifyPassword("correct horsf", a)).toBe(false);
    expect(await verifyPassword("correct horse", "garbage")).toBe(false);
  });
});

describe("session cookie", () => {
  const session = { userId: "user-1", sessionToken: "session-1" };

  it("reads the user and server-side session ids from a next-auth session cookie, plain or chunked", async () => {
    const token = await encode({ token: { sub: "user-1", sid: "session-1" }, secret: SECRET });
    expect(await readSessionCookie(`other=1; next-auth.session-token=${token}`, SECRET)).toEqual(session);
    expect(await readSessionCookie(`__Secure-next-auth.session-token=${token}`, SECRET)).toEqual(session);
    const half = Math.floor(token.length / 2);
    const chunked = `next-auth.session-token.0=${token.slice(0, half)}; next-auth.session-token.1=${token.slice(half)}`;
    expect(await readSessionCookie(chunked, SECRET)).toEqual(session);
  });

  it("treats missing, forged and wrongly signed cookies as anonymous", async () => {
    const token = await encode({ token: { sub: "user-1", sid: "session-1" }, secret: SECRET });
    expect(await readSessionCookie(undefined, SECRET)).toBeNull();
    expect(await readSessionCookie("next-auth.session-token=forged", SECRET)).toBeNull();
    expect(await readSessionCookie(`next-auth.session-token=${token}`, "another-secret-another-secret")).toBeNull();
  });

  it("treats cookies from before server-side sessions (no session id) as anonymous", async () => {
    const old = await encode({ token: { sub: "user-1" }, secret: SECRET });
    expect(await readSessionCookie(`next-auth.session-token=${old}`, SECRET)).toBeNull();
  });
});

describe("api tokens and usernames", () => {
  it("hashes tokens deterministically and never stores them whole", () => {
    const { token, tokenHash, prefix } = generateApiToken();
    expect(hashApiToken(token)).toBe(tokenHash);
    expect(tokenHash).not.toContain(token);
    expect(token.startsWith(prefix)).toBe(true);
  });

  it("derives handles from names and emails", () => {
    expect(usernameCandidate("Ada Lovelace")).toBe("ada_lovelace");
    expect(usernameCandidate("x@example.com")).toBe("x_user");
  });
});
