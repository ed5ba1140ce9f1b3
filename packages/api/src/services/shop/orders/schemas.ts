import { z } from "zod";
import { idSchema, streamIdSchema } from "../../shared/ids";

export const ORDERS_PAGE_SIZE = 20;

const cursor = z.string().min(1).max(64).nullish();
const reason = z.string().trim().max(200, "The reason is at most 200 characters.").optional();

export const orderStatusSchema = z.enum(["PENDING", "PAID", "FULFILLED", "CANCELLED", "REFUNDED"]);

export const myOrdersInput = z.object({ cursor }).default({});
export const orderIdInput = z.object({ orderId: idSchema("orderId") });
export const streamOrdersInput = z.object({ streamId: streamIdSchema, status: orderStatusSchema.optional(), cursor });
export const streamOrderInput = z.object({ streamId: streamIdSchema, orderId: idSchema("orderId") });
export const setOrderStatusInput = streamOrderInput.extend({ status: z.enum(["PAID", "FULFILLED"]) });
export const orderReasonInput = streamOrderInput.extend({ reason });
