"use client";

import type { ChatSettings } from "@onair/api/events";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "~/lib/trpc";
import { ShieldIcon } from "./shield-icon";
import { ErrorLine } from "../ui/error-line";

/** One click for a raid or brigade: strict chat settings on, or the previous ones back. */
export function ShieldToggle(props: { streamId: string; enabled: boolean; onChanged: (settings: ChatSettings) => void }) {
  const trpc = useTRPC();
  const setShield = useMutation(trpc.moderation.setShield.mutationOptions({ onSuccess: props.onChanged }));

  return (
    <div className={`mod-shield${props.enabled ? " mod-shield-on" : ""}`}>
      <button
        type="button"
        className="mod-shield-button"
        aria-pressed={props.enabled}
        disabled={setShield.isPending}
        onClick={() => setShield.mutate({ streamId: props.streamId, enabled: !props.enabled })}
        data-testid="shield-toggle"
      >
        <ShieldIcon /> {props.enabled ? "Shield mode is ON — turn off" : "Turn on Shield mode"}
      </button>
      <p className="mod-shield-help muted">
        {props.enabled
          ? "Strict chat: slow mode ≥ 30 s, unique chat, accounts a day old, profanity held. Turning it off restores the previous settings."
          : "One click for a raid or brigade: slow mode ≥ 30 s, unique chat, accounts at least a day old, profanity held for review."}
      </p>
      <ErrorLine error={setShield.error} />
    </div>
  );
}
