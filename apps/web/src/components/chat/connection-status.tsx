import type { ConnectionState } from "./use-chat-feed";

const LABELS: Record<ConnectionState, string> = { live: "Connected", connecting: "Connecting…", reconnecting: "Reconnecting…" };

/** The chat subscription's state, announced politely when it changes. */
export function ConnectionStatus({ state, testId }: { state: ConnectionState; testId: string }) {
  return (
    <span className={`connection connection-${state}`} data-testid={testId} role="status" aria-live="polite">
      {LABELS[state]}
    </span>
  );
}
