import { z } from "zod";
import { streamIdSchema as streamId } from "../shared/ids";
import { cursorPageShape } from "../shared/pages";

export const myStreamsInput = z.object({
  status: z.enum(["SCHEDULED", "LIVE", "ENDED", "MISSED"]),
  ...cursorPageShape({ max: 50, default: 20 }),
});
export type MyStreamsInput = z.infer<typeof myStreamsInput>;

export const studioStreamInput = z.object({ streamId });
