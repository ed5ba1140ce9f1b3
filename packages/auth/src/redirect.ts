// Any origin works as the base: only paths that stay on it are accepted.
const PLACEHOLDER_ORIGIN = "http://onair.invalid";
const HOME = "/";
const MAX_LENGTH = 2048;

/** Backslashes, whitespace and control characters: browsers and proxies read them in surprising ways. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const AMBIGUOUS = /[\\\s\u0000-\u001f\u007f]/;

/**
 * The only place that decides where someone may be sent after signing in,
 * signing up or signing out: a path of this app, or "/" for anything else
 * (other hosts, `//host`, `/\host`, `/%09/host`, `javascript:`, malformed
 * input). With `origin`, an absolute URL on exactly that origin is accepted
 * and reduced to its path (next-auth passes its own callback URLs that way).
 */
export function safeCallbackPath(value: unknown, origin?: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return HOME;
  let candidate = value;
  if (origin && !value.startsWith("/")) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return HOME;
    }
    if (url.origin !== new URL(origin).origin) return HOME;
    candidate = url.pathname + url.search + url.hash;
  }
  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(candidate.split(/[?#]/, 1)[0]!);
  } catch {
    return HOME;
  }
  for (const form of [candidate, decodedPath]) {
    if (!form.startsWith("/") || form.startsWith("//") || AMBIGUOUS.test(form.split(/[?#]/, 1)[0]!)) return HOME;
  }
  if (AMBIGUOUS.test(candidate)) return HOME;
  let url: URL;
  try {
    url = new URL(candidate, PLACEHOLDER_ORIGIN);
  } catch {
    return HOME;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return HOME;
  return url.pathname + url.search + url.hash;
}
