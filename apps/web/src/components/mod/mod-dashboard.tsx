"use client";

import type { ChatMessageView, ChatSettings, HeldMessageView, ModerationLogView } from "@onair/api/events";
import type { StreamStatus } from "@onair/db";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { pickChatSettings } from "~/lib/chat-modes";
import { useTRPCClient, errorMessage } from "~/lib/trpc";
import { AuditLog } from "./audit-log";
import { ChatSettingsPanel } from "./chat-settings-panel";
import { HeldQueue } from "./held-queue";
import { ModChat, type ConnectionState } from "./mod-chat";
import { ModeratorsPanel } from "./moderators-panel";
import { TermsPanel } from "./terms-panel";
import type { BlockedTerm, LogPage, StreamModerator, StreamRole } from "./types";
import { ShieldIcon } from "./shield-icon";
import { useAction } from "./use-action";
import { UserCard, type UserRef } from "./user-card";
import { TabList, tabPanelProps, type TabItem } from "../ui/tabs";
import { useMediaQuery } from "../ui/use-media-query";

export interface DashboardStream {
  id: string;
  slug: string;
  title: string;
  status: StreamStatus;
  owner: { id: string; username: string; name: string | null };
  settings: ChatSettings;
}

interface ModDashboardProps {
  me: { id: string; username: string };
  role: StreamRole;
  stream: DashboardStream;
  initialMessages: ChatMessageView[];
  initialQueue: HeldMessageView[];
  initialTerms: BlockedTerm[];
  initialModerators: StreamModerator[];
  initialLog: LogPage;
}

type Tab = "chat" | "queue" | "modes" | "terms" | "team" | "log";

/** From this width (the media query in mod.css) the chat stays on screen beside the tabs, so it is not a tab. */
const WIDE_LAYOUT = "(min-width: 1000px)";
const TAB_PREFIX = "mod";

/** Merges messages by sequence number: each once, in order. */
function mergeMessages(current: ChatMessageView[], incoming: ChatMessageView[]): ChatMessageView[] {
  const bySeq = new Map(current.map((message) => [message.seq, message]));
  for (const message of incoming) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function addHeld(queue: HeldMessageView[], message: HeldMessageView): HeldMessageView[] {
  if (queue.some((held) => held.id === message.id)) return queue;
  return [...queue, message].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/**
 * The moderator dashboard of one stream. It owns the three live feeds (chat,
 * moderation, stream state) and hands their data to the sections, so a section
 * that is not on screen (phone tabs) still stays current.
 */
export function ModDashboard(props: ModDashboardProps) {
  const api = useTRPCClient();
  const { stream } = props;
  const streamId = stream.id;
  const [tab, setTab] = useState<Tab>("chat");
  const [status, setStatus] = useState(stream.status);
  const [title, setTitle] = useState(stream.title);
  const [settings, setSettings] = useState(stream.settings);
  const [messages, setMessages] = useState(props.initialMessages);
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const [queue, setQueue] = useState(props.initialQueue);
  const [liveLog, setLiveLog] = useState<ModerationLogView[]>([]);
  const [, setTermsVersion] = useState(0);
  const [, setModeratorsVersion] = useState(0);
  const [, setResyncVersion] = useState(0);
  const moderationFeedStarted = useRef(false);
  const [cardUser, setCardUser] = useState<UserRef | null>(null);
  // A live feed that ended with an error (e.g. FORBIDDEN once the user is no longer a moderator here).
  const [feedError, setFeedError] = useState<string | null>(null);
  const resumeFrom = useRef(String(props.initialMessages.at(-1)?.seq ?? 0));

  useEffect(() => {
    const subscription = api.chat.onMessage.subscribe(
      { streamId, lastEventId: resumeFrom.current },
      {
        onStarted: () => setConnection("live"),
        onData: ({ data: event }) => {
          if (event.type === "chat.message") setMessages((current) => mergeMessages(current, [event.message]));
          else if (event.type === "chat.history") setMessages((current) => mergeMessages(current, event.messages));
          else if (event.type === "chat.messageDeleted") {
            const deleted = new Set(event.messageIds);
            setMessages((current) => current.filter((message) => !deleted.has(message.id)));
            // A purge deletes held messages too.
            setQueue((current) => current.filter((message) => !deleted.has(message.id)));
          }
        },
        onConnectionStateChange: (state) => {
          if (state.state === "connecting") setConnection((previous) => (previous === "live" ? "reconnecting" : previous));
          if (state.state === "pending") setConnection("live");
        },
        onError: (error) => console.error("[mod] chat subscription failed:", error),
      },
    );
    return () => subscription.unsubscribe();
  }, [api, streamId]);

  useEffect(() => {
    const subscription = api.moderation.onEvents.subscribe(
      { streamId },
      {
        onData: (event) => {
          switch (event.type) {
            case "moderation.queue":
              // The first event of every (re)connection: the whole queue as it is now.
              setQueue(event.messages);
              if (moderationFeedStarted.current) {
                // A reconnect: whatever was logged meanwhile never arrives live, so reload what depends on it.
                setResyncVersion((version) => version + 1);
                setTermsVersion((version) => version + 1);
                setModeratorsVersion((version) => version + 1);
              }
              moderationFeedStarted.current = true;
              break;
            case "moderation.held":
              setQueue((current) => addHeld(current, event.message));
              break;
            case "moderation.reviewed":
              setQueue((current) => current.filter((message) => message.id !== event.messageId));
              break;
            case "moderation.logged": {
              const entry = event.entry;
              setLiveLog((current) => (current.some((known) => known.id === entry.id) ? current : [entry, ...current]));
              if (entry.action === "TERM_ADD" || entry.action === "TERM_REMOVE") setTermsVersion((version) => version + 1);
              if (entry.action === "MODERATOR_ADD" || entry.action === "MODERATOR_REMOVE") setModeratorsVersion((version) => version + 1);
              break;
            }
          }
        },
        onError: (error) => {
          console.error("[mod] moderation subscription failed:", error);
          setFeedError(`The live queue and log stopped: ${errorMessage(error)} Reload the page to try again.`);
        },
      },
    );
    return () => subscription.unsubscribe();
  }, [api, streamId]);

  useEffect(() => {
    const subscription = api.stream.onEvents.subscribe(
      { streamId },
      {
        onData: (event) => {
          switch (event.type) {
            case "stream.snapshot":
              setStatus(event.state.status);
              setTitle(event.state.title);
              setSettings((current) => ({ ...current, ...pickChatSettings(event.state) }));
              break;
            case "stream.updated":
              if (event.changes.title !== undefined) setTitle(event.changes.title);
              setSettings((current) => ({ ...current, ...pickChatSettings(event.changes) }));
              break;
            case "stream.started":
              setStatus("LIVE");
              break;
            case "stream.ended":
              setStatus("ENDED");
              break;
            case "stream.stats":
            case "likes.updated":
            case "viewers.joined":
            case "viewers.left":
            case "products.pinned":
              // Not shown on the dashboard.
              break;
          }
        },
        onError: (error) => console.error("[mod] stream subscription failed:", error),
      },
    );
    return () => subscription.unsubscribe();
  }, [api, streamId]);

  const wide = useMediaQuery(WIDE_LAYOUT);
  const allTabs: Array<TabItem<Tab>> = [
    { id: "chat", label: "Chat" },
    { id: "queue", label: queue.length ? `Queue (${queue.length})` : "Queue" },
    { id: "modes", label: "Chat modes" },
    { id: "terms", label: "Terms" },
    { id: "team", label: "Moderators" },
    { id: "log", label: "Audit log" },
  ];
  const tabs = wide ? allTabs.filter((item) => item.id !== "chat") : allTabs;
  // On a wide screen "chat" shows the queue beside the chat, so the Queue tab is the selected one.
  const selected: Tab = wide && tab === "chat" ? "queue" : tab;
  const panel = (id: Tab) => tabPanelProps(TAB_PREFIX, id);

  return (
    <div className="mod-dashboard" data-tab={selected}>
      <header className="mod-dashboard-header">
        <div className="mod-dashboard-title">
          <p className="muted mod-breadcrumb">
            <Link href="/mod">Moderation</Link> / <Link href={`/s/${stream.slug}`}>/s/{stream.slug}</Link>
          </p>
          <h1>
            {status === "LIVE" ? <span className="badge badge-live">LIVE</span> : null}
            {status === "SCHEDULED" ? <span className="badge mod-badge-muted">UPCOMING</span> : null}
            {status === "ENDED" ? <span className="badge mod-badge-muted">ENDED</span> : null} <bdi>{title}</bdi>
          </h1>
          <p className="muted mod-role-line">
            You are {props.role === "moderator" ? "a moderator" : props.role === "owner" ? "the owner" : "an admin"} here
          </p>
        </div>
        <ShieldToggle streamId={streamId} enabled={settings.shieldMode} onChanged={setSettings} />
      </header>

      {feedError ? (
        <p className="form-error mod-feed-error" role="alert">
          {feedError}
        </p>
      ) : null}

      <TabList
        idPrefix={TAB_PREFIX}
        label="Dashboard sections"
        className="mod-tabs"
        tabs={tabs}
        selected={selected}
        onSelect={setTab}
        tabClassName={(id) => `mod-tab mod-tab-${id}`}
      />

      <div className="mod-panels">
        <ModChat
          streamId={streamId}
          me={props.me}
          messages={messages}
          connection={connection}

          onOpenUser={setCardUser}
          tabPanel={wide ? undefined : panel("chat")}
        />
        <HeldQueue
          tabPanel={panel("queue")}
          streamId={streamId}
          queue={queue}
          onOpenUser={setCardUser}
          onReviewed={(id) => setQueue((current) => current.filter((message) => message.id !== id))}
        />
        <ChatSettingsPanel tabPanel={panel("modes")} streamId={streamId} settings={settings} onSaved={setSettings} />
        <TermsPanel tabPanel={panel("terms")} streamId={streamId} initialTerms={props.initialTerms} />
        <ModeratorsPanel
          tabPanel={panel("team")}
          streamId={streamId}
          owner={stream.owner}
          canManage={props.role === "owner" || props.role === "admin"}
          initialModerators={props.initialModerators}
        />
        <AuditLog
          tabPanel={panel("log")}
          streamId={streamId}
          initialPage={props.initialLog}
          liveEntries={liveLog}

          onOpenUser={setCardUser}
        />
      </div>

      {cardUser ? <UserCard streamId={streamId} user={cardUser} me={props.me} onClose={() => setCardUser(null)} /> : null}
    </div>
  );
}

function ShieldToggle(props: { streamId: string; enabled: boolean; onChanged: (settings: ChatSettings) => void }) {
  const api = useTRPCClient();
  const { run, pending, error } = useAction();

  async function toggle() {
    const result = await run(() => api.moderation.setShield.mutate({ streamId: props.streamId, enabled: !props.enabled }));
    if (result.ok) props.onChanged(result.value);
  }

  return (
    <div className={`mod-shield${props.enabled ? " mod-shield-on" : ""}`}>
      <button
        type="button"
        className="mod-shield-button"
        aria-pressed={props.enabled}
        disabled={pending}
        onClick={() => void toggle()}
        data-testid="shield-toggle"
      >
        <ShieldIcon /> {props.enabled ? "Shield mode is ON — turn off" : "Turn on Shield mode"}
      </button>
      <p className="mod-shield-help muted">
        {props.enabled
          ? "Strict chat: slow mode ≥ 30 s, unique chat, accounts a day old, profanity held. Turning it off restores the previous settings."
          : "One click for a raid or brigade: slow mode ≥ 30 s, unique chat, accounts at least a day old, profanity held for review."}
      </p>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
