export { hashPassword, verifyPassword } from "./password";
export { authenticateWithPassword, INVALID_CREDENTIALS_MESSAGE, type AuthenticatedUser } from "./credentials";
export { userIdFromSessionCookie, parseCookieHeader } from "./session-cookie";
export { generateApiToken, hashApiToken } from "./api-token";
export { USERNAME_PATTERN, uniqueUsername, usernameCandidate } from "./username";
