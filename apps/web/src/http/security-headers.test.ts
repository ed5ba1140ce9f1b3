import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, mediaServerSources, STATIC_SECURITY_HEADERS, webSocketSources } from "./security-headers";

function directive(policy: string, name: string): string[] {
  const found = policy.split("; ").find((part) => part.startsWith(`${name} `));
  return found ? found.split(" ").slice(1) : [];
}

describe("content security policy", () => {
  it("allows the configured WebSocket server, else the browser client's default on the page's host", () => {
    expect(webSocketSources("wss://live.example.com/socket", "example.com")).toEqual(["wss://live.example.com"]);
    expect(webSocketSources(undefined, "onair.local")).toEqual(["ws://onair.local:3001", "wss://onair.local:3001"]);
    expect(webSocketSources(undefined, "::1")).toEqual(["ws://[::1]:3001", "wss://[::1]:3001"]);
  });

  it("allows the configured media server, else port 3002 of the page's host", () => {
    expect(mediaServerSources("https://media.example.com/cdn/", "example.com")).toEqual(["https://media.example.com"]);
    expect(mediaServerSources(undefined, "onair.local")).toEqual(["http://onair.local:3002", "https://onair.local:3002"]);
    expect(mediaServerSources(undefined, "::1")).toEqual(["http://[::1]:3002", "https://[::1]:3002"]);
  });

  it("scripts need the nonce, nothing frames the page, eval only in development", () => {
    const production = contentSecurityPolicy({ nonce: "abc", webSockets: ["ws://h:3001"], media: [], dev: false, https: false });
    expect(production).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic' https://www.youtube.com;");
    expect(production).toContain("frame-ancestors 'none'");
    expect(production).not.toContain("unsafe-eval");
    expect(production).not.toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy({ nonce: "abc", webSockets: [], media: [], dev: true, https: true })).toMatch(
      /'unsafe-eval'.*upgrade-insecure-requests$/,
    );
  });

  it("lets players reach the media server, HLS hosts and Agora; plain-http HLS hosts only from a plain-http page", () => {
    const options = { nonce: "n", webSockets: ["ws://h:3001"], media: ["http://h:3002"], dev: false };
    const secure = contentSecurityPolicy({ ...options, https: true });
    const connect = directive(secure, "connect-src");
    expect(connect).toEqual(
      expect.arrayContaining(["'self'", "ws://h:3001", "http://h:3002", "https:", "wss://*.agora.io", "wss://*.sd-rtn.com"]),
    );
    expect(connect).not.toContain("http:");
    expect(directive(secure, "media-src")).toEqual(["'self'", "blob:", "http://h:3002", "https:"]);
    expect(directive(secure, "frame-src")).toEqual(["https://www.youtube-nocookie.com", "https://www.youtube.com"]);
    const plain = contentSecurityPolicy({ ...options, https: false });
    expect(directive(plain, "media-src")).toEqual(["'self'", "blob:", "http://h:3002", "https:", "http:"]);
    expect(directive(plain, "connect-src")).toContain("http:");
  });

  it("camera and microphone only for this origin (the studio broadcasts)", () => {
    const permissions = STATIC_SECURITY_HEADERS.find((header) => header.key === "Permissions-Policy")?.value;
    expect(permissions).toContain("camera=(self)");
    expect(permissions).toContain("microphone=(self)");
    expect(permissions).toContain("geolocation=()");
  });
});
