"use client";

import type { NotificationKind } from "@onair/db";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, useTRPC } from "~/lib/trpc";
import { ErrorLine } from "../ui/error-line";
import { NOTIFICATION_KINDS } from "./notification-list";

type Channel = "inApp" | "push";
type Preference = { kind: NotificationKind; inApp: boolean; push: boolean };

/** Per kind: whether it shows in the notification centre and whether it is pushed to the user's devices. */
export function NotificationPreferences() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const preferencesKey = trpc.notifications.preferences.queryKey();
  const preferences = useQuery(trpc.notifications.preferences.queryOptions());
  const [error, setError] = useState<string | null>(null);
  const setPreference = useMutation(
    trpc.notifications.setPreference.mutationOptions({
      // Shown at once; the server's list replaces it, or the previous one comes back if it refuses.
      onMutate: (change) => {
        setError(null);
        const previous = queryClient.getQueryData(preferencesKey);
        queryClient.setQueryData(preferencesKey, (list) =>
          list?.map((preference) => (preference.kind === change.kind ? { ...preference, ...definedOf(change) } : preference)),
        );
        return { previous };
      },
      onSuccess: (list) => queryClient.setQueryData(preferencesKey, list),
      onError: (caught, _change, context) => {
        if (context?.previous) queryClient.setQueryData(preferencesKey, context.previous);
        setError(errorMessage(caught));
      },
    }),
  );
  const byKind = new Map<NotificationKind, Preference>((preferences.data ?? []).map((preference) => [preference.kind, preference]));

  const toggle = (kind: NotificationKind, channel: Channel, label: string) => {
    const current = byKind.get(kind);
    if (!current) return null;
    return (
      <td className="notify-pref-toggle">
        <input
          type="checkbox"
          checked={current[channel]}
          aria-label={`${label}: ${channel === "inApp" ? "in app" : "push"}`}
          onChange={(event) => setPreference.mutate({ kind, [channel]: event.target.checked })}
          data-testid={`pref-${kind}-${channel}`}
        />
      </td>
    );
  };

  return (
    <section aria-labelledby="notify-prefs-title">
      <h2 id="notify-prefs-title">What you are told about</h2>
      <p className="muted">
        “In app”: the bell in the header. “Push”: a notification on the devices where push is turned on below, even when OnAir is closed.
      </p>
      <ErrorLine error={error ?? preferences.error} />
      {preferences.data ? (
        <table className="notify-prefs" data-testid="notification-preferences">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col" className="notify-pref-toggle">
                In app
              </th>
              <th scope="col" className="notify-pref-toggle">
                Push
              </th>
            </tr>
          </thead>
          <tbody>
            {NOTIFICATION_KINDS.filter(({ kind }) => byKind.has(kind)).map(({ kind, label, description }) => (
              <tr key={kind}>
                <th scope="row">
                  {label}
                  <span className="notify-pref-description">{description}</span>
                </th>
                {toggle(kind, "inApp", label)}
                {toggle(kind, "push", label)}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">Loading…</p>
      )}
    </section>
  );
}

/** The channels a change sets (the others stay as they are). */
function definedOf(change: { inApp?: boolean; push?: boolean }): Partial<Record<Channel, boolean>> {
  return Object.fromEntries(Object.entries({ inApp: change.inApp, push: change.push }).filter(([, value]) => value !== undefined));
}
