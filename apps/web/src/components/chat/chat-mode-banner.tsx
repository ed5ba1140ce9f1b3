"use client";

import { useStreamEvents } from "~/components/stream/stream-events";
import { activeChatModes } from "~/lib/chat-modes";

/** The chat's current rules, above the input; renders nothing when chat is unrestricted. */
export function ChatModeBanner() {
  const { chatSettings } = useStreamEvents();
  const modes = activeChatModes(chatSettings);
  return (
    // The live region stays mounted so screen readers announce modes as they turn on and off.
    <div aria-live="polite" className="chat-modes-region">
      {modes.length > 0 ? (
        <ul className="chat-modes" aria-label="Chat modes" data-testid="chat-modes">
          {modes.map((mode) => (
            <li key={mode.key} className={`chat-mode chat-mode-${mode.key}`} title={mode.explanation}>
              {mode.label}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
