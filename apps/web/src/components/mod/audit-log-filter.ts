import type { ModerationActionName } from "./types";

/** Whose actions the audit log shows: everyone's, the automatic filter's only, or people's only. */
export type Who = "everyone" | "automatic" | "people";

/** The audit log's filters as the form holds them (ids as typed). */
export interface LogFilter {
  actions: ModerationActionName[];
  who: Who;
  actorId: string;
  targetUserId: string;
}

export const NO_FILTER: LogFilter = { actions: [], who: "everyone", actorId: "", targetUserId: "" };

export const LOG_PAGE_SIZE = 50;

export function isNoFilter(filter: LogFilter): boolean {
  return filter.actions.length === 0 && filter.who === "everyone" && !filter.actorId.trim() && !filter.targetUserId.trim();
}

/** The `moderation.log` input for these filters (without the cursor, which the paging adds); empty filters are left out. */
export function logQueryInput(streamId: string, filter: LogFilter) {
  return {
    streamId,
    limit: LOG_PAGE_SIZE,
    ...(filter.actions.length ? { actions: filter.actions } : {}),
    ...(filter.who === "everyone" ? {} : { automatic: filter.who === "automatic" }),
    ...(filter.actorId.trim() ? { actorId: filter.actorId.trim() } : {}),
    ...(filter.targetUserId.trim() ? { targetUserId: filter.targetUserId.trim() } : {}),
  };
}

/** The download link of the whole log under these filters (GET /api/moderation-log). */
export function logExportHref(streamId: string, filter: LogFilter, format: "csv" | "json"): string {
  const params = new URLSearchParams({ streamId, format });
  for (const action of filter.actions) params.append("action", action);
  if (filter.who !== "everyone") params.set("automatic", String(filter.who === "automatic"));
  if (filter.actorId.trim()) params.set("actorId", filter.actorId.trim());
  if (filter.targetUserId.trim()) params.set("targetUserId", filter.targetUserId.trim());
  return `/api/moderation-log?${params.toString()}`;
}

/** An entry's details as one short line of JSON, without the message ids (long and meaningless to people); null when nothing is left. */
export function detailsText(details: Record<string, unknown>): string | null {
  const { messageIds: _messageIds, ...shown } = details;
  if (Object.keys(shown).length === 0) return null;
  const text = JSON.stringify(shown);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
