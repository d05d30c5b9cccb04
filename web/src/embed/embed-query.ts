import { PLAYER_OPTION_NAMES, type PlayerOptionName } from '../element/player-options.js';

/** The path prefix of the embed page. */
export const EMBED_PATH_PREFIX = '/embed/';

/**
 * The element attributes for an `/embed/{stream}` page: the stream from the path, every other
 * option from the query string under its attribute name (a repeated parameter: the first wins;
 * unknown parameters are left alone so that sites can add their own tracking or cache busters).
 * `server` defaults to the embed page's own origin. Values are passed on as they are: the element
 * validates them and warns, exactly as for attributes.
 */
export function embedAttributes(pathname: string, search: string, pageOrigin: string): [PlayerOptionName, string][] {
  const out: [PlayerOptionName, string][] = [];
  let stream = pathname.startsWith(EMBED_PATH_PREFIX) ? pathname.slice(EMBED_PATH_PREFIX.length) : '';
  if (stream.endsWith('/')) stream = stream.slice(0, -1);
  out.push(['stream', stream]);
  const params = new URLSearchParams(search);
  out.push(['server', params.get('server') ?? pageOrigin]);
  for (const name of PLAYER_OPTION_NAMES) {
    if (name === 'stream' || name === 'server') continue;
    const value = params.get(name);
    if (value !== null) out.push([name, value]);
  }
  return out;
}
