/** A path parameter as the APIs accept it. */
const paramPattern = /^[A-Za-z0-9_-]{1,128}$/;

/** What a route table's matcher answers: the route and its parameters, `'method'` (405) or nothing (404). */
export type RouteMatch<R> = { route: R; params: Record<string, string> } | 'method' | undefined;

/**
 * The matcher of a route table whose paths have `{name}` segments (`/v1/admin/conversations/{id}`): a parameter is
 * 1–128 of `A–Z a–z 0–9 _ -`, with `decodeParams` after percent-decoding (a part that does not decode matches
 * nothing). A path that matches a route of another method answers `'method'`.
 */
export function routeMatcher<R extends { readonly method: string; readonly path: string }>(
  routes: readonly R[],
  options: { readonly decodeParams: boolean },
): (method: string, path: string) => RouteMatch<R> {
  const compiled = routes.map((route) => ({ route, segments: route.path.split('/').slice(1) }));
  const param = (part: string): string | undefined => {
    let value = part;
    if (options.decodeParams) {
      try {
        value = decodeURIComponent(part);
      } catch {
        return undefined;
      }
    }
    return paramPattern.test(value) ? value : undefined;
  };
  return (method, path) => {
    const parts = path.split('/').slice(1);
    let pathMatched = false;
    for (const { route, segments } of compiled) {
      if (segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segments.length && ok; i++) {
        const segment = segments[i]!;
        const part = parts[i]!;
        if (segment.startsWith('{')) {
          const value = param(part);
          if (value === undefined) ok = false;
          else params[segment.slice(1, -1)] = value;
        } else if (segment !== part) ok = false;
      }
      if (!ok) continue;
      pathMatched = true;
      if (route.method === method) return { route, params };
    }
    return pathMatched ? 'method' : undefined;
  };
}
