"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "~/lib/trpc";
import type { BlockedTerm } from "./types";
import { Field } from "../ui/field";
import { ErrorLine } from "../ui/error-line";
import type { TabPanelProps } from "../ui/tabs";

type TermAction = BlockedTerm["action"];

const TERM_ACTIONS: Array<{ value: TermAction; label: string; help: string }> = [
  { value: "HOLD", label: "Hold", help: "hold the message for review" },
  { value: "BLOCK", label: "Block", help: "refuse the message" },
  { value: "MASK", label: "Mask", help: "star out the word" },
  { value: "ESCALATE", label: "Escalate", help: "hold it; a repeat within 10 minutes times the sender out" },
  { value: "ALLOW", label: "Allow", help: "never filter this word (overrides the profanity filter)" },
];

interface TermsPanelProps {
  /** The tab-panel attributes when the section is one of the dashboard's tabs. */
  tabPanel?: TabPanelProps;
  streamId: string;
}

/** The stream's term list (`moderation.terms`); the dashboard invalidates it when anyone changes a term. */
export function TermsPanel({ streamId, tabPanel }: TermsPanelProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const termsQuery = useQuery(trpc.moderation.terms.queryOptions({ streamId }));
  const terms = termsQuery.data ?? [];
  const [term, setTerm] = useState("");
  const [action, setAction] = useState<TermAction>("HOLD");
  const addTerm = useMutation(
    trpc.moderation.addTerm.mutationOptions({
      onSuccess: async (_added, submitted) => {
        // Clear the box only if nothing new was typed while the request ran.
        setTerm((current) => (current === submitted.term ? "" : current));
        await queryClient.invalidateQueries({ queryKey: trpc.moderation.terms.queryKey({ streamId }) });
      },
    }),
  );

  function add(event: FormEvent) {
    event.preventDefault();
    addTerm.mutate({ streamId, term, action });
  }

  return (
    <section className="mod-panel mod-panel-terms" data-panel="terms" aria-labelledby="mod-terms-heading" {...tabPanel}>
      <div className="mod-panel-header">
        <h2 id="mod-terms-heading">Blocked and allowed terms</h2>
      </div>
      <p className="muted mod-help">
        A term matches whole words: <code>spoiler</code> catches “no spoiler please” but not “spoilers”. A <code>*</code> at the start or
        end also matches inside words: <code>spoil*</code> catches “spoilers”, <code>*bait</code> catches “clickbait”. Use <code>*</code>{" "}
        nowhere else. Terms apply from the next message.
      </p>
      <form className="mod-term-form" onSubmit={add} data-testid="term-form">
        <Field label="Term">
          {(id) => (
            <input
              id={id}
              value={term}
              onChange={(event) => setTerm(event.target.value)}
              maxLength={100}
              placeholder="e.g. spoil*"
              required
            />
          )}
        </Field>
        <Field label="Action">
          {(id) => (
            <select id={id} value={action} onChange={(event) => setAction(event.target.value as TermAction)}>
              {TERM_ACTIONS.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label} — {choice.help}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="button" disabled={addTerm.isPending || term.trim() === ""}>
          Add term
        </button>
        <ErrorLine className="mod-form-wide" error={addTerm.error} />
      </form>
      <ErrorLine error={termsQuery.error} />
      {termsQuery.isPending ? (
        <p className="mod-empty-line muted">Loading…</p>
      ) : terms.length === 0 ? (
        <p className="mod-empty-line muted">No terms yet: only the profanity filter (Chat modes) applies.</p>
      ) : (
        <ul className="mod-terms" data-testid="terms-list">
          {terms.map((item) => (
            <TermRow key={item.id} streamId={streamId} term={item} />
          ))}
        </ul>
      )}
    </section>
  );
}

function TermRow({ streamId, term }: { streamId: string; term: BlockedTerm }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const removeTerm = useMutation(
    trpc.moderation.removeTerm.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.moderation.terms.queryKey({ streamId }) }),
    }),
  );

  return (
    <li className="mod-term" data-testid="term">
      <code className="mod-term-text">{term.term}</code>
      <span className={`mod-term-action mod-term-action-${term.action.toLowerCase()}`}>{term.action.toLowerCase()}</span>
      <span className="muted mod-term-by">by @{term.createdBy?.username ?? "unknown"}</span>
      <button
        type="button"
        className="mod-icon-button"
        disabled={removeTerm.isPending}
        onClick={() => removeTerm.mutate({ streamId, termId: term.id })}
        aria-label={`Remove term ${term.term}`}
      >
        Remove
      </button>
      <ErrorLine className="mod-form-wide" error={removeTerm.error} />
    </li>
  );
}
