"use client";

import type { StreamCreationPolicy } from "@onair/db";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/lib/trpc";
import { ActionOutcome } from "../ui/action-outcome";

const POLICIES: { value: StreamCreationPolicy; label: string; hint: string }[] = [
  { value: "EVERYONE", label: "Everyone", hint: "Every signed-in user can create streams." },
  { value: "CREATORS", label: "Only creators", hint: "Only users marked Creator below (and admins) can create streams." },
];

/** The site's "who may create streams" setting (`admin.settings` / `admin.setStreamCreation`). */
export function StreamCreationSetting() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.admin.settings.queryOptions());
  const saved = settings.data?.streamCreation ?? null;
  const [choice, setChoice] = useState<StreamCreationPolicy | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const selected = choice ?? saved;
  const save = useMutation(
    trpc.admin.setStreamCreation.mutationOptions({
      onMutate: () => setOutcome(null),
      onSuccess: async (updated) => {
        // The mutation answers with this setting only; the other settings keep their cached values.
        queryClient.setQueryData(trpc.admin.settings.queryKey(), (settings) => (settings ? { ...settings, ...updated } : settings));
        setChoice(null);
        setOutcome(updated.streamCreation === "EVERYONE" ? "Everyone can now create streams." : "Only creators can now create streams.");
        await queryClient.invalidateQueries(trpc.admin.log.pathFilter());
      },
    }),
  );

  return (
    <section className="mod-card" aria-labelledby="admin-creation-heading">
      <h2 id="admin-creation-heading">Who may create streams</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (selected) save.mutate({ policy: selected });
        }}
        data-testid="stream-creation-setting"
      >
        <fieldset className="admin-policy" disabled={!saved || save.isPending}>
          <legend className="visually-hidden">Who may create streams</legend>
          {POLICIES.map((policy) => (
            <label key={policy.value} className="admin-policy-option">
              <input
                type="radio"
                name="stream-creation"
                value={policy.value}
                checked={selected === policy.value}
                onChange={() => setChoice(policy.value)}
              />
              <span>
                <strong>{policy.label}</strong> <span className="muted">{policy.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button button-small" disabled={!selected || selected === saved || save.isPending}>
          Save
        </button>
      </form>
      <ActionOutcome outcome={outcome} error={save.error?.message ?? settings.error?.message ?? null} />
    </section>
  );
}
