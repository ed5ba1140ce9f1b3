"use client";

import type { KeyboardEvent } from "react";
import { tabIndexForKey } from "./tab-keys";

export interface TabItem<Id extends string> {
  id: Id;
  label: string;
}

/** The attributes that make a section the panel of its tab (ARIA tabs pattern). */
export interface TabPanelProps {
  role: "tabpanel";
  id: string;
  "aria-labelledby": string;
}

export function tabId(prefix: string, id: string): string {
  return `${prefix}-tab-${id}`;
}

export function tabPanelProps(prefix: string, id: string): TabPanelProps {
  return { role: "tabpanel", id: `${prefix}-panel-${id}`, "aria-labelledby": tabId(prefix, id) };
}

interface TabListProps<Id extends string> {
  /** Prefix of the tabs' and panels' element ids. */
  idPrefix: string;
  label: string;
  tabs: Array<TabItem<Id>>;
  selected: Id;
  onSelect: (id: Id) => void;
  className?: string;
  tabClassName: (id: Id) => string;
}

/**
 * A row of tabs (ARIA tabs pattern, automatic activation): only the selected tab is in the Tab order,
 * arrow keys move to the previous or next tab and select it, Home and End to the first and last.
 */
export function TabList<Id extends string>(props: TabListProps<Id>) {
  const { tabs, selected } = props;

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const next = tabIndexForKey(
      event.key,
      tabs.findIndex((tab) => tab.id === selected),
      tabs.length,
    );
    if (next === null) return;
    event.preventDefault();
    const id = tabs[next]!.id;
    props.onSelect(id);
    document.getElementById(tabId(props.idPrefix, id))?.focus();
  }

  return (
    <div className={props.className} role="tablist" aria-label={props.label} onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={tabId(props.idPrefix, tab.id)}
          className={props.tabClassName(tab.id)}
          aria-selected={tab.id === selected}
          aria-controls={tabPanelProps(props.idPrefix, tab.id).id}
          tabIndex={tab.id === selected ? 0 : -1}
          onClick={() => props.onSelect(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
