import type { StreamEvent } from "../src/events";

/** Consumes an async iterable in the background; `until` waits for an event matching a predicate. */
export function consume<T = StreamEvent>(iterable: AsyncIterable<T>) {
  const events: T[] = [];
  let waiters: Array<{ match: (event: T) => boolean; resolve: (event: T) => void }> = [];
  const done = (async () => {
    for await (const event of iterable) {
      events.push(event);
      waiters = waiters.filter((waiter) => (waiter.match(event) ? (waiter.resolve(event), false) : true));
    }
  })();
  done.catch(() => {});
  return {
    events,
    done,
    until(match: (event: T) => boolean, timeoutMs = 10_000): Promise<T> {
      const found = events.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events).slice(0, 500)}`)),
          timeoutMs,
        );
        waiters.push({ match, resolve: (event) => (clearTimeout(timer), resolve(event)) });
      });
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
