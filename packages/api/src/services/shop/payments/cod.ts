import type { PaymentProvider } from "./provider";
import { WebhookSignatureError } from "./provider";

/**
 * Pay on delivery, the built-in default: nothing to set up and nothing to call.
 * The seller marks the order paid (cash collected) or fulfilled; a cancel or
 * refund is settled between buyer and seller.
 */
export const codProvider: PaymentProvider = {
  id: "COD",
  initiate: () => Promise.resolve({ clientSecret: null, ref: null }),
  cancel: () => Promise.resolve(),
  refund: () => Promise.resolve(),
  parseWebhook: () => {
    throw new WebhookSignatureError("Pay on delivery has no webhook.");
  },
};
