import type { RouterOutputs } from "@onair/api";
import { StreamCard } from "~/components/stream/stream-card";
import { serverApi } from "~/server/services";

export const dynamic = "force-dynamic";

type StreamSummary = RouterOutputs["stream"]["list"]["items"][number];

function Section({ title, id, streams, empty }: { title: string; id: string; streams: StreamSummary[]; empty: string }) {
  return (
    <section className="stream-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {streams.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="stream-grid">
          {streams.map((stream) => (
            <StreamCard key={stream.id} stream={stream} />
          ))}
        </div>
      )}
    </section>
  );
}

export default async function HomePage() {
  const api = await serverApi();
  const [live, upcoming, past] = await Promise.all([
    api.stream.list({ status: "LIVE" }),
    api.stream.list({ status: "SCHEDULED" }),
    api.stream.list({ status: "ENDED" }),
  ]);
  return (
    <>
      <Section id="live-now" title="Live now" streams={live.items} empty="Nobody is live right now." />
      <Section id="upcoming" title="Upcoming" streams={upcoming.items} empty="No scheduled streams." />
      <Section id="past" title="Past streams" streams={past.items} empty="No past streams yet." />
    </>
  );
}
