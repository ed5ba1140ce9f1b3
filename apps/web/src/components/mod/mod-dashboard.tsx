"use client";

import type { ChatEvent, ChatMessageView, HeldMessageView } from "@onair/api/events";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useChatFeed } from "~/components/chat/use-chat-feed";
import { useStreamEvents } from "~/components/stream/stream-events";
import { useTRPC } from "~/lib/trpc";
import { AuditLog } from "./audit-log";
import { ChatSettingsPanel } from "./chat-settings-panel";
import { HeldQueue, useHeldQueue } from "./held-queue";
import { ModChat } from "./mod-chat";
import { ModDashboardHeader } from "./mod-dashboard-header";
import { ModeratorsPanel } from "./moderators-panel";
import { TermsPanel } from "./terms-panel";
import type { StreamRole } from "./types";
import { useModerationFeed } from "./use-moderation-feed";
import { UserCard, type UserRef } from "./user-card";
import { ShopPanel } from "../shop/seller/shop-panel";
import { TabList, tabPanelProps, type TabItem } from "../ui/tabs";
import { useMediaQuery } from "../ui/use-media-query";

export interface DashboardStream {
  id: string;
  slug: string;
  owner: { id: string; username: string; name: string | null };
}

interface ModDashboardProps {
  me: { id: string; username: string };
  role: StreamRole;
  stream: DashboardStream;
  initialMessages: ChatMessageView[];
}

type Tab = "chat" | "queue" | "modes" | "terms" | "team" | "log" | "shop";

/** From this width (the media query in mod.css) the chat stays on screen beside the tabs, so it is not a tab. */
const WIDE_LAYOUT = "(min-width: 1000px)";
const TAB_PREFIX = "mod";

/**
 * The moderator dashboard of one stream, inside the page's stream-events provider. It holds the
 * chat and moderation feeds (so a section that is not on screen, on phone tabs, still stays
 * current) and lays the sections out as tabs, or beside the chat on a wide screen.
 */
export function ModDashboard(props: ModDashboardProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { stream } = props;
  const streamId = stream.id;
  const { chatSettings, setChatSettings, status } = useStreamEvents();
  // The Shop tab: the owner and admins always; a moderator when the owner lets moderators run the shop
  // (asked by reading the orders, which answers FORBIDDEN otherwise).
  const shopProbe = useQuery(
    trpc.orders.forStream.queryOptions({ streamId }, { enabled: props.role === "moderator", retry: false, staleTime: Infinity }),
  );
  const shop = props.role === "owner" || props.role === "admin" || shopProbe.isSuccess;
  const { feedError } = useModerationFeed(streamId);
  const { feed, connection } = useChatFeed({
    streamId,
    initialMessages: props.initialMessages,
    withOwnHeld: false,
    onEvent: (event: ChatEvent) => {
      // A purge deletes held messages too.
      if (event.type !== "chat.messageDeleted") return;
      const deleted = new Set(event.messageIds);
      queryClient.setQueryData(trpc.moderation.queue.queryKey({ streamId }), (queue: HeldMessageView[] | undefined) =>
        queue?.filter((message) => !deleted.has(message.id)),
      );
    },
  });
  const queue = useHeldQueue(streamId);
  const [tab, setTab] = useState<Tab>("chat");
  const [cardUser, setCardUser] = useState<UserRef | null>(null);

  const wide = useMediaQuery(WIDE_LAYOUT);
  const allTabs: Array<TabItem<Tab>> = [
    { id: "chat", label: "Chat" },
    { id: "queue", label: queue.length ? `Queue (${queue.length})` : "Queue" },
    { id: "modes", label: "Chat modes" },
    { id: "terms", label: "Terms" },
    { id: "team", label: "Moderators" },
    { id: "log", label: "Audit log" },
    ...(shop ? [{ id: "shop" as const, label: "Shop" }] : []),
  ];
  const tabs = wide ? allTabs.filter((item) => item.id !== "chat") : allTabs;
  // On a wide screen "chat" shows the queue beside the chat, so the Queue tab is the selected one.
  const selected: Tab = wide && tab === "chat" ? "queue" : tab;
  const panel = (id: Tab) => tabPanelProps(TAB_PREFIX, id);

  return (
    <div className="mod-dashboard" data-tab={selected}>
      <ModDashboardHeader streamId={streamId} slug={stream.slug} role={props.role} />

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
          messages={feed.messages}
          connection={connection}
          onOpenUser={setCardUser}
          tabPanel={wide ? undefined : panel("chat")}
        />
        <HeldQueue tabPanel={panel("queue")} streamId={streamId} onOpenUser={setCardUser} />
        <ChatSettingsPanel tabPanel={panel("modes")} streamId={streamId} settings={chatSettings} onSaved={setChatSettings} />
        <TermsPanel tabPanel={panel("terms")} streamId={streamId} />
        <ModeratorsPanel
          tabPanel={panel("team")}
          streamId={streamId}
          owner={stream.owner}
          canManage={props.role === "owner" || props.role === "admin"}
        />
        <AuditLog tabPanel={panel("log")} streamId={streamId} onOpenUser={setCardUser} />
        {shop ? <ShopPanel tabPanel={panel("shop")} streamId={streamId} ended={status === "ENDED"} owner={null} /> : null}
      </div>

      {cardUser ? <UserCard streamId={streamId} user={cardUser} me={props.me} onClose={() => setCardUser(null)} /> : null}
    </div>
  );
}
