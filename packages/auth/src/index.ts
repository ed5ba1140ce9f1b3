export { hashPassword, verifyPassword } from "./password";
export { authenticateWithPassword, INVALID_CREDENTIALS_MESSAGE, type AuthenticatedUser } from "./credentials";
export { readSessionCookie, parseCookieHeader, type SessionCookie } from "./session-cookie";
export { SESSION_MAX_AGE_SECONDS, startSession, findLiveSession, endSession } from "./sessions";
export { safeCallbackPath } from "./redirect";
export {
  authenticateWithThrottle,
  clientAddressFromHeaders,
  createSignInThrottle,
  DEFAULT_SIGN_IN_LIMITS,
  SignInRefusedError,
  tooManyAttemptsMessage,
  type AttemptsPerWindow,
  type SignInThrottle,
} from "./sign-in-throttle";
export { OAUTH_ERROR_MESSAGES, resolveOAuthSignIn, type OAuthRefusal } from "./oauth";
export { createLinkIntent, linkTargetFromCookies, LINK_INTENT_COOKIE, LINK_INTENT_MAX_AGE_SECONDS } from "./oauth-link";
export { generateApiToken, hashApiToken } from "./api-token";
export { USERNAME_PATTERN, uniqueUsername, usernameCandidate } from "./username";
