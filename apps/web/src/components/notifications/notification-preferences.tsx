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
  // Choices sent and not answered yet, shown meanwhile: a controlled checkbox must change in the click's own render.
  const [pending, setPending] = useState<Partial<Record<`${NotificationKind}:${Channel}`, boolean>>>({});
  const setPreference = useMutation(
    trpc.notifications.setPreference.mutationOptions({
      onSuccess: (list) => queryClient.setQueryData(preferencesKey, list),
      onError: (caught) => setError(errorMessage(caught)),
    }),
  );
  const change = (kind: NotificationKind, channel: Channel, on: boolean) => {
    const key = `${kind}:${channel}` as const;
    setError(null);
    setPending((current) => ({ ...current, [key]: on }));
    setPreference.mutate(
      { kind, [channel]: on },
      {
        onSettled: () =>
          setPending((current) => {
            const { [key]: _settled, ...rest } = current;
            return rest;
          }),
      },
    );
  };
  const byKind = new Map<NotificationKind, Preference>((preferences.data ?? []).map((preference) => [preference.kind, preference]));

  const toggle = (kind: NotificationKind, channel: Channel, label: string) => {
    const current = byKind.get(kind);
    if (!current) return null;
    return (
      <td className="notify-pref-toggle">
        <input
          type="checkbox"
          checked={pending[`${kind}:${channel}`] ?? current[channel]}
          aria-label={`${label}: ${channel === "inApp" ? "in app" : "push"}`}
          onChange={(event) => change(kind, channel, event.target.checked)}
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
