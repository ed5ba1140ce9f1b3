"use client";

import { useCallback, useEffect, useRef } from "react";

/**
 * Keeps a scrolling message list at its newest (bottom) message while the reader is there:
 * when `content` changes and when the list itself shrinks (a banner or error appears below it).
 * Scrolling up stops it; scrolling back down resumes it.
 */
export function useStickToBottom(content: unknown) {
  const listRef = useRef<HTMLOListElement>(null);
  const stickToBottom = useRef(true);

  useEffect(() => {
    const list = listRef.current;
    if (list && stickToBottom.current) list.scrollTop = list.scrollHeight;
  }, [content]);

  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const observer = new ResizeObserver(() => {
      if (stickToBottom.current) list.scrollTop = list.scrollHeight;
    });
    observer.observe(list);
    return () => observer.disconnect();
  }, []);

  const onScroll = useCallback(() => {
    const list = listRef.current;
    if (list) stickToBottom.current = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  }, []);

  const setStickToBottom = useCallback((stick: boolean) => {
    stickToBottom.current = stick;
  }, []);

  return { listRef, onScroll, setStickToBottom };
}
