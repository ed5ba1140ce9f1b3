/** The audit log's first page, as the mod page prefetches it and the dashboard observes it. */
export function firstLogPageInput(streamId: string) {
  return { streamId, limit: 50 };
}
