import { removeDeviceInput, subscribeInput, unsubscribeInput } from "../services/push/schemas";
import {
  pushPublicKey,
  pushSubscriptions,
  removePushDevice,
  subscribePush,
  testPush,
  unsubscribePush,
} from "../services/push/subscriptions";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

/** Web push: the server's VAPID key and the caller's devices (services/push; docs/notifications.md). */
export const pushRouter = createTRPCRouter({
  /** The VAPID public key browsers subscribe with (base64url); null: push is off on this server. */
  publicKey: publicProcedure.query(({ ctx }) => pushPublicKey(ctx.deps)),
  /** Stores the browser's PushSubscription (endpoint and keys) for the caller. */
  subscribe: protectedProcedure.input(subscribeInput).mutation(({ ctx, input }) => subscribePush(ctx.deps, input)),
  /** Stops pushes to this browser (by its subscription's endpoint). */
  unsubscribe: protectedProcedure.input(unsubscribeInput).mutation(({ ctx, input }) => unsubscribePush(ctx.deps, input)),
  /** Stops pushes to one of the caller's devices by its id (from push.subscriptions); another user's device is never removed. */
  removeDevice: protectedProcedure.input(removeDeviceInput).mutation(({ ctx, input }) => removePushDevice(ctx.deps, input)),
  /** The caller's devices that receive pushes. */
  subscriptions: protectedProcedure.query(({ ctx }) => pushSubscriptions(ctx.deps)),
  /** A test push to each of the caller's devices (rate-limited). */
  test: protectedProcedure.mutation(({ ctx }) => testPush(ctx.deps)),
});
