// Zod schemas and limits the web app and SDK reuse for client-side validation.
export { MESSAGE_MAX_LENGTH, sendMessageInput } from "./services/chat/schemas";
export { signUpInput } from "./services/account/schemas";
