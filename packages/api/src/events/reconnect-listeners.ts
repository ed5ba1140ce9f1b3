/** The onReconnect bookkeeping shared by the bus implementations. */
export class ReconnectListeners {
  private readonly listeners = new Set<() => void>();

  add(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        console.error("[bus] reconnect listener failed:", error);
      }
    }
  }
}
