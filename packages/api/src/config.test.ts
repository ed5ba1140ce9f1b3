import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_REDIS_KEY_PREFIX, parseEnv, sharedEnv } from "./config";

const shape = {
  DATABASE_URL: sharedEnv.DATABASE_URL,
  AUTH_SECRET: sharedEnv.AUTH_SECRET,
  REDIS_KEY_PREFIX: sharedEnv.REDIS_KEY_PREFIX,
  CHAT_USER_RATE_LIMIT: sharedEnv.CHAT_USER_RATE_LIMIT,
  SIGN_IN_ACCOUNT_LIMIT: sharedEnv.SIGN_IN_ACCOUNT_LIMIT,
};
const valid = { DATABASE_URL: "postgres://db/onair", AUTH_SECRET: "0123456789abcdef" };

describe("parseEnv", () => {
  it("applies defaults, treats empty variables as unset and parses limits", () => {
    const env = parseEnv(shape, { ...valid, REDIS_KEY_PREFIX: "", CHAT_USER_RATE_LIMIT: "5/10", SIGN_IN_ACCOUNT_LIMIT: "" }, "[test]");
    expect(env).toEqual({ ...valid, REDIS_KEY_PREFIX: DEFAULT_REDIS_KEY_PREFIX, CHAT_USER_RATE_LIMIT: [5, 10] });
  });

  it("reads NEXTAUTH_SECRET when AUTH_SECRET is unset", () => {
    expect(parseEnv(shape, { DATABASE_URL: valid.DATABASE_URL, NEXTAUTH_SECRET: "fedcba9876543210" }, "[test]").AUTH_SECRET).toBe(
      "fedcba9876543210",
    );
  });

  it("names the first bad variable in one line", () => {
    expect(() => parseEnv(shape, { ...valid, DATABASE_URL: "mysql://db" }, "[test]")).toThrow(
      new ConfigError("[test] invalid configuration: DATABASE_URL must be a postgres:// URL"),
    );
    expect(() => parseEnv(shape, { ...valid, SIGN_IN_ACCOUNT_LIMIT: "10 per 15 minutes" }, "[test]")).toThrow(
      "[test] invalid configuration: SIGN_IN_ACCOUNT_LIMIT must be <attempts>/<seconds>, e.g. 10/900",
    );
    expect(() => parseEnv(shape, { ...valid, CHAT_USER_RATE_LIMIT: "0/30" }, "[test]")).toThrow(
      "[test] invalid configuration: CHAT_USER_RATE_LIMIT must allow at least 1 per at least 1 second",
    );
  });
});
