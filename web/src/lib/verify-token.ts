// The verification e-mail links to `/verify#token=...`: a fragment is never sent to a server,
// never logged by a proxy and never leaks in a Referer. `?token=` is accepted for clients that
// drop fragments. Either way the token is removed from the address bar as soon as it is read.

/** Reads the token from a URL fragment (`#token=...`) or query (`?token=...`); fragment wins. */
export function readVerifyToken(hash: string, search: string): string | null {
  const fromHash = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  const token = fromHash ?? new URLSearchParams(search).get('token');
  const trimmed = token?.trim();
  return trimmed ? trimmed : null;
}

/**
 * Rewrites the address bar to `pathname` without reloading, so the token is not left in the
 * history, a bookmark or a screen share. Keeps `history.state`: react-router stores its own
 * navigation key there.
 */
export function scrubTokenFromAddressBar(pathname: string): void {
  const { hash, search } = window.location;
  if (readVerifyToken(hash, search) === null) return;
  const params = new URLSearchParams(search);
  params.delete('token');
  const query = params.toString();
  window.history.replaceState(window.history.state, '', query ? `${pathname}?${query}` : pathname);
}
