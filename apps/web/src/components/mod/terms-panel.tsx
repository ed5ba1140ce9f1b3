"use client";

import { useState, type FormEvent } from "react";
import { useTRPCClient } from "~/lib/trpc";
import type { BlockedTerm } from "./types";
import { Field } from "./field";
import { useAction } from "./use-action";
import { useReloadedList } from "./use-reloaded-list";
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
  initialTerms: BlockedTerm[];
  /** Bumped by the dashboard when the audit log reports a term change (by anyone): reload the list. */
  version: number;
}

export function TermsPanel({ streamId, initialTerms, version, tabPanel }: TermsPanelProps) {
  const api = useTRPCClient();
  const {
    items: terms,
    setItems: setTerms,
    listError,
  } = useReloadedList(initialTerms, version, () => api.moderation.terms.query({ streamId }));
  const [term, setTerm] = useState("");
  const [action, setAction] = useState<TermAction>("HOLD");
  const adding = useAction();

  async function add(event: FormEvent) {
    event.preventDefault();
    const submitted = term;
    const result = await adding.run(() => api.moderation.addTerm.mutate({ streamId, term: submitted, action }));
    if (!result.ok) return;
    const added = result.value;
    setTerms((current) => [...current.filter((known) => known.id !== added.id), added].sort((a, b) => a.term.localeCompare(b.term)));
    // Clear the box only if nothing new was typed while the request ran.
    setTerm((current) => (current === submitted ? "" : current));
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
      <form className="mod-term-form" onSubmit={(event) => void add(event)} data-testid="term-form">
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
        <button type="submit" className="button" disabled={adding.pending || term.trim() === ""}>
          Add term
        </button>
        {adding.error ? (
          <p className="form-error mod-form-wide" role="alert">
            {adding.error}
          </p>
        ) : null}
      </form>
      {listError ? (
        <p className="form-error" role="alert">
          {listError}
        </p>
      ) : null}
      {terms.length === 0 ? (
        <p className="mod-empty-line muted">No terms yet: only the profanity filter (Chat modes) applies.</p>
      ) : (
        <ul className="mod-terms" data-testid="terms-list">
          {terms.map((item) => (
            <TermRow
              key={item.id}
              streamId={streamId}
              term={item}
              onRemoved={() => setTerms((current) => current.filter((known) => known.id !== item.id))}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function TermRow(props: { streamId: string; term: BlockedTerm; onRemoved: () => void }) {
  const api = useTRPCClient();
  const { run, pending, error } = useAction();
  const { term } = props;

  async function remove() {
    const result = await run(() => api.moderation.removeTerm.mutate({ streamId: props.streamId, termId: term.id }));
    if (result.ok) props.onRemoved();
  }

  return (
    <li className="mod-term" data-testid="term">
      <code className="mod-term-text">{term.term}</code>
      <span className={`mod-term-action mod-term-action-${term.action.toLowerCase()}`}>{term.action.toLowerCase()}</span>
      <span className="muted mod-term-by">by @{term.createdBy?.username ?? "unknown"}</span>
      <button
        type="button"
        className="mod-icon-button"
        disabled={pending}
        onClick={() => void remove()}
        aria-label={`Remove term ${term.term}`}
      >
        Remove
      </button>
      {error ? (
        <p className="form-error mod-form-wide" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}
