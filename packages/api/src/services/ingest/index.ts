/** OnAir's own ingest: what the media server (apps/media) and the web app's publish hook use. */
export * from "./authorize-publish";
export * from "./external-hook";
export * from "./health";
export * from "./preview-token";
export * from "./recordings";
export * from "./source";
export * from "./go-live";
