import { z } from "zod";
import { streamIdSchema as streamId } from "../shared/ids";

export const streamAnalyticsInput = z.object({ streamId });

export const setAnalyticsModeratorsInput = z.object({
  streamId,
  allowed: z.boolean({ message: "Say true or false." }),
});

const DAYS = "Give a whole number of days from 1 to 90.";

/** `{}`: the last 30 days. */
export const analyticsOverviewInput = z.object({
  days: z.number({ message: DAYS }).int(DAYS).min(1, DAYS).max(90, DAYS).default(30),
});
export type AnalyticsOverviewInput = z.output<typeof analyticsOverviewInput>;
