/** Self time per package in a V8 .cpuprofile, for a quick "where does the CPU go" line. */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/.pnpm/<name>@<version>.../ → <name>; workspace files → their path; natives by name. */
function bucket(frame: ProfileNode["callFrame"]): string {
  const pnpm = /node_modules\/\.pnpm\/(@?[^@/]+(?:\+[^@/]+)?)@/.exec(frame.url);
  if (pnpm) return pnpm[1]!.replace("+", "/");
  const workspace = /\/(apps|packages|bench)\/(.+)$/.exec(frame.url);
  if (workspace) return `${workspace[1]}/${workspace[2]}`;
  if (frame.url.startsWith("node:")) return "node internals";
  return frame.functionName || frame.url || "(unknown)";
}

export function summariseProfile(json: string, top = 8): string {
  const profile = JSON.parse(json) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfTime = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const node = nodes.get(id);
    if (!node) return;
    const key = bucket(node.callFrame);
    if (key === "(idle)") return;
    total += delta;
    selfTime.set(key, (selfTime.get(key) ?? 0) + delta);
  });
  return [...selfTime]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, time]) => `${key} ${((100 * time) / Math.max(1, total)).toFixed(0)}%`)
    .join(", ");
}
