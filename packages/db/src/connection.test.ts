import { describe, expect, it } from "vitest";
import { poolConfigFromUrl, redactUrl, withDatabase } from "./connection";

describe("database URLs", () => {
  it("splits a URL into pool fields", () => {
    expect(poolConfigFromUrl("postgresql://app:s%40cret@db.internal:6543/onair?sslmode=require")).toMatchObject({
      host: "db.internal",
      port: 6543,
      user: "app",
      password: "s@cret",
      database: "onair",
      ssl: { rejectUnauthorized: false },
    });
  });

  it("names what is wrong with a bad URL", () => {
    expect(() => poolConfigFromUrl("not a url")).toThrow(/DATABASE_URL is not a valid URL/);
    expect(() => poolConfigFromUrl("mysql://x@y/z")).toThrow(/must start with postgres/);
    expect(() => poolConfigFromUrl("postgres://x@y:5432/")).toThrow(/must name a database/);
  });

  it("redacts passwords and swaps database names", () => {
    expect(redactUrl("postgres://app:secret@h:1/d")).toBe("postgres://app:***@h:1/d");
    expect(withDatabase("postgres://app@h:1/d?x=1", "other")).toBe("postgres://app@h:1/other?x=1");
  });
});
