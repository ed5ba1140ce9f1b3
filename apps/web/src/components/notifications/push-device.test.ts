import { describe, expect, it } from "vitest";
import {
  applicationServerKey,
  describeUserAgent,
  MAX_USER_AGENT_LENGTH,
  pushFailureMessage,
  pushUnsupportedReason,
  subscriptionInput,
} from "./push-device";

describe("applicationServerKey", () => {
  it("decodes base64url without padding", () => {
    // "-_8" is base64url for the bytes fb ff (standard base64 "+/8=").
    expect(Array.from(applicationServerKey("-_8"))).toEqual([0xfb, 0xff]);
    expect(Array.from(applicationServerKey("AQID"))).toEqual([1, 2, 3]);
  });

  it("gives the 65 bytes of an uncompressed P-256 key", () => {
    const key = "BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U";
    const bytes = applicationServerKey(key);
    expect(bytes.length).toBe(65);
    expect(bytes[0]).toBe(0x04);
  });
});

describe("subscriptionInput", () => {
  it("takes the endpoint and keys, and cuts a long browser description", () => {
    const input = subscriptionInput(
      { endpoint: "https://push.example/abc", keys: { p256dh: "p", auth: "a" } },
      "x".repeat(MAX_USER_AGENT_LENGTH + 50),
    );
    expect(input).toEqual({
      endpoint: "https://push.example/abc",
      keys: { p256dh: "p", auth: "a" },
      userAgent: "x".repeat(MAX_USER_AGENT_LENGTH),
    });
  });

  it("refuses a subscription without its keys", () => {
    expect(subscriptionInput({ endpoint: "https://push.example/abc" }, "ua")).toBeNull();
    expect(subscriptionInput({ endpoint: "https://push.example/abc", keys: { p256dh: "p" } }, "ua")).toBeNull();
  });
});

describe("describeUserAgent", () => {
  it("names common browsers and systems", () => {
    expect(
      describeUserAgent(
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
      ),
    ).toBe("Chrome on Android");
    expect(
      describeUserAgent(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("Safari on iPhone");
    expect(describeUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0")).toBe(
      "Firefox on Windows",
    );
    expect(
      describeUserAgent(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
      ),
    ).toBe("Edge on macOS");
  });

  it("says so when there is nothing to go by", () => {
    expect(describeUserAgent(null)).toBe("Unknown browser");
    expect(describeUserAgent("curl/8.0")).toBe("Browser");
  });
});

describe("pushUnsupportedReason", () => {
  const everything = { secure: true, serviceWorker: true, pushManager: true, notification: true };

  it("is null when the browser has everything", () => {
    expect(pushUnsupportedReason(everything)).toBeNull();
  });

  it("asks for HTTPS first, then names what is missing", () => {
    expect(pushUnsupportedReason({ ...everything, secure: false })).toMatch(/HTTPS/);
    expect(pushUnsupportedReason({ ...everything, pushManager: false })).toMatch(/cannot receive push/);
  });
});

describe("pushFailureMessage", () => {
  const failure = (name: string, message = "Registration failed - permission denied") => Object.assign(new Error(message), { name });

  it("says what to do for the browser's errors", () => {
    expect(pushFailureMessage(failure("NotAllowedError"))).toMatch(/blocked for this site/);
    expect(pushFailureMessage(failure("AbortError"))).toMatch(/push service did not accept/);
    expect(pushFailureMessage(failure("InvalidStateError"))).toMatch(/Reload/);
  });

  it("keeps the message of any other error", () => {
    expect(pushFailureMessage(new Error("endpoint is not a known push service."))).toBe("endpoint is not a known push service.");
    expect(pushFailureMessage("?")).toBe("Push could not be turned on. Try again.");
  });
});
