"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { errorMessage, useTRPC } from "~/lib/trpc";
import { ErrorLine } from "../ui/error-line";
import "./notifications.css";

interface RemindMeProps {
  streamId: string;
  /** Every scheduled stream shown with this one (a channel's cards): asked about in one request. */
  streamIds?: string[];
  title: string;
  /** Signed out: the button is a link to sign in that comes back to `returnPath`. */
  signedIn: boolean;
  returnPath: string;
}

/** Whether the signed-in user is reminded of each of `streamIds` (one query per set, shared by its buttons). */
export function useReminders(streamIds: string[], enabled: boolean) {
  const trpc = useTRPC();
  return trpc.notifications.reminders.queryOptions({ streamIds }, { enabled: enabled && streamIds.length > 0 });
}

/** "Remind me" on a scheduled stream: a notification (and a push, where on) when it goes live. */
export function RemindMeButton({ streamId, streamIds = [streamId], title, signedIn, returnPath }: RemindMeProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remindersOptions = useReminders(streamIds, signedIn);
  const reminding = useQuery(remindersOptions).data?.streamIds.includes(streamId) ?? false;
  const [error, setError] = useState<string | null>(null);
  const setReminder = useMutation(
    trpc.notifications.setReminder.mutationOptions({
      onMutate: () => setError(null),
      onSuccess: (result) =>
        queryClient.setQueryData(remindersOptions.queryKey, (current) => {
          const others = (current?.streamIds ?? []).filter((id) => id !== streamId);
          return { streamIds: result.reminding ? [...others, streamId] : others };
        }),
      onError: (caught) => setError(errorMessage(caught)),
    }),
  );

  if (!signedIn) {
    return (
      <span className="remind-slot">
        <Link href={`/signin?callbackUrl=${encodeURIComponent(returnPath)}`} className="remind-button" data-testid="remind-me">
          Remind me<span className="visually-hidden">: sign in to be told when {title} starts</span>
        </Link>
      </span>
    );
  }
  return (
    <span className="remind-slot">
      <button
        type="button"
        className={`remind-button${reminding ? " remind-button-on" : ""}`}
        aria-pressed={reminding}
        title={reminding ? "You will be told when it starts. Press to cancel the reminder." : "Be told when it starts"}
        disabled={setReminder.isPending}
        onClick={() => setReminder.mutate({ streamId, on: !reminding })}
        data-testid="remind-me"
      >
        Remind me<span className="visually-hidden">: {title}</span>
      </button>
      <ErrorLine error={error} />
    </span>
  );
}
