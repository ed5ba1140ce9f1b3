import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, webSocketSources } from "./security-headers";

describe("content security policy", () => {
  it("allows the configured WebSocket server, else the browser client's default on the page's host", () => {
    expect(webSocketSources("wss://live.example.com/socket", "example.com")).toEqual(["wss://live.example.com"]);
    expect(webSocketSources(undefined, "onair.local")).toEqual(["ws://onair.local:3001", "wss://onair.local:3001"]);
    expect(webSocketSources(undefined, "::1")).toEqual(["ws://[::1]:3001", "wss://[::1]:3001"]);
  });

  it("scripts need the nonce, nothing frames the page, eval only in development", () => {
    const production = contentSecurityPolicy({ nonce: "abc", webSockets: ["ws://h:3001"], dev: false, https: false });
    expect(production).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic';");
    expect(production).toContain("frame-ancestors 'none'");
    expect(production).toContain("connect-src 'self' ws://h:3001;");
    expect(production).not.toContain("unsafe-eval");
    expect(production).not.toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy({ nonce: "abc", webSockets: [], dev: true, https: true })).toMatch(
      /'unsafe-eval'.*upgrade-insecure-requests$/,
    );
  });
});
