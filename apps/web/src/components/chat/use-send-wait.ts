"use client";

import type { ChatSettings } from "@onair/api/events";
import { useEffect, useState } from "react";
import { refusalAfterRestriction, refusalAfterSettings, waitingMs, type Restriction, type ShownRefusal } from "./send-wait";

/**
 * Why the viewer cannot send right now, and how long Send stays disabled: the last refusal,
 * a countdown that ends it, and the live settings and restrictions that lift it early.
 */
export function useSendWait(chatSettings: ChatSettings) {
  const [refusal, setRefusal] = useState<ShownRefusal | null>(null);
  const [now, setNow] = useState(() => Date.now());

  // Ticks while Send waits for slow mode, a rate limit or a timeout to pass.
  const sendableAt = refusal?.sendableAt ?? null;
  useEffect(() => {
    if (sendableAt === null) return;
    const tick = () => {
      const current = Date.now();
      setNow(current);
      if (current >= sendableAt) setRefusal(null);
    };
    tick();
    const timer = window.setInterval(tick, 250);
    return () => window.clearInterval(timer);
  }, [sendableAt]);

  useEffect(() => {
    setRefusal((current) => refusalAfterSettings(current, chatSettings));
  }, [chatSettings]);

  return {
    refusal,
    waitingMs: waitingMs(refusal, now),
    setRefusal,
    /** Sent only to the person a moderator timed out, banned or let back in. */
    onRestrictionChanged: (restriction: Restriction) => setRefusal((current) => refusalAfterRestriction(current, restriction, Date.now())),
  };
}
