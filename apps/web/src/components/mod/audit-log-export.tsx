import { logExportHref, type LogFilter } from "./audit-log-filter";

/** Download links for the whole log under the applied filters. */
export function AuditLogExport({ streamId, filter }: { streamId: string; filter: LogFilter }) {
  return (
    <span className="mod-exports">
      <a href={logExportHref(streamId, filter, "csv")} download data-testid="export-csv">
        Export CSV
      </a>
      <a href={logExportHref(streamId, filter, "json")} download data-testid="export-json">
        Export JSON
      </a>
    </span>
  );
}
