"use client";

import { useMutation, type UseMutationOptions } from "@tanstack/react-query";
import { useId, useState } from "react";
import { errorMessage } from "~/lib/trpc";
import { ActionOutcome } from "../ui/action-outcome";
// Here rather than in each page: the switch is on the studio and on the moderator dashboard.
import "./moderators-switch.css";

type SwitchMutation<TError> = Pick<
  UseMutationOptions<{ allowed: boolean }, TError, { streamId: string; allowed: boolean }>,
  "mutationFn" | "mutationKey"
>;

/**
 * The owner's switch for what the stream's moderators may do besides moderating
 * (run the shop, read the analytics): `mutation` is the procedure's
 * mutationOptions(), which takes `{ streamId, allowed }` and answers `{ allowed }`.
 */
export function ModeratorsSwitch<TError>(props: {
  streamId: string;
  initial: boolean;
  mutation: SwitchMutation<TError>;
  label: string;
  /** What the outcome line says after saving, allowed and not. */
  said: { allowed: string; disallowed: string };
  testId: string;
}) {
  const id = useId();
  const [allowed, setAllowed] = useState(props.initial);
  const [outcome, setOutcome] = useState<string | null>(null);
  const save = useMutation({
    ...props.mutation,
    // The box follows the click at once; a refusal puts it back.
    onMutate: (input) => {
      setOutcome(null);
      setAllowed(input.allowed);
    },
    onError: (_error, input) => setAllowed(!input.allowed),
    onSuccess: (result) => {
      setAllowed(result.allowed);
      setOutcome(result.allowed ? props.said.allowed : props.said.disallowed);
    },
  });
  return (
    <div className="moderators-switch">
      <div className="studio-check">
        <input
          id={id}
          type="checkbox"
          checked={allowed}
          disabled={save.isPending}
          onChange={(event) => save.mutate({ streamId: props.streamId, allowed: event.target.checked })}
          data-testid={props.testId}
        />
        <label htmlFor={id}>{props.label}</label>
      </div>
      <ActionOutcome outcome={outcome} error={save.error ? errorMessage(save.error) : null} />
    </div>
  );
}
