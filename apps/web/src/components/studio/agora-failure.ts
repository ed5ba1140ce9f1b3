/** What failed while broadcasting through Agora, said for the streamer; `code` is the SDK's AgoraRTCError code when it has one. */
export function agoraFailureReason(error: unknown, step: "token" | "join" | "devices" | "publish" | "renew"): string {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : null;
  const message = error instanceof Error ? error.message : null;
  switch (code) {
    case "PERMISSION_DENIED":
      return "The browser was not allowed to use the camera or microphone: allow them for this site and try again.";
    case "DEVICE_NOT_FOUND":
      return "No camera or microphone was found.";
    case "NOT_READABLE":
      return "The camera or microphone is in use by another application.";
    case "NOT_SUPPORTED":
    case "WEB_SECURITY_RESTRICT":
      return "This browser cannot broadcast from here (it needs a secure https:// page and WebRTC).";
    case "CAN_NOT_GET_GATEWAY_SERVER":
    case "NETWORK_ERROR":
    case "NETWORK_TIMEOUT":
    case "NETWORK_RESPONSE_ERROR":
    case "TIMEOUT":
    case "WS_ABORT":
    case "WS_DISCONNECT":
      return `Agora's servers could not be reached from this browser (${code}): check the network, or that the App ID and certificate are right.`;
    default:
      break;
  }
  if (step === "token") return message ?? "OnAir could not issue an Agora token.";
  if (step === "renew")
    return `The Agora token could not be renewed${message ? `: ${message.replace(/\.?$/, ".")}` : "."} The broadcast stops when it expires.`;
  return `${STEP_TEXT[step]} failed${code ? ` (${code})` : ""}${message ? `: ${message.replace(/\.?$/, ".")}` : "."}`;
}

const STEP_TEXT = {
  join: "Joining the Agora channel",
  devices: "Opening the camera and microphone",
  publish: "Publishing to Agora",
} as const;
