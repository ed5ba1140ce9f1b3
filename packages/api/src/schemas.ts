// Zod schemas and limits the web app and SDK reuse for client-side validation.
export { MESSAGE_MAX_LENGTH, sendMessageInput } from "./services/chat/schemas";
export { signUpInput } from "./services/account/schemas";
export {
  CHAT_SETTING_KEYS,
  EDITABLE_CHAT_SETTING_KEYS,
  FILTER_MODES,
  MODERATION_ACTIONS,
  ROLES,
  TERM_ACTIONS,
} from "./services/shared/lists";
export { COUNTRY_CODES } from "./services/shop/checkout/countries";
