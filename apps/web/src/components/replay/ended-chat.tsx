"use client";

import { useState, type ReactNode } from "react";
import { ReplayChat } from "./replay-chat";
import "./replay.css";

/** An ended stream with a replay: the chat replayed with the video, or (on request) every message of the closed chat. */
export function EndedChat({ streamId, history }: { streamId: string; history: ReactNode }) {
  const [view, setView] = useState<"replay" | "history">("replay");
  if (view === "replay") return <ReplayChat streamId={streamId} onShowAll={() => setView("history")} />;
  return (
    <div className="ended-chat">
      <button type="button" className="link-button ended-chat-back" onClick={() => setView("replay")}>
        ← Back to the chat replay
      </button>
      {history}
    </div>
  );
}
