/** Page options from the query string. */
export interface PageOptions {
  /** `?cameras=cam0,cam1`: only these tiles, in this order; null = every camera the server lists. */
  cameras: string[] | null;
  /** `?debug=1`: show SDP and extra stats. */
  debug: boolean;
}

/** Parses `?cameras=a,b&debug=1` (empty entries dropped, duplicates removed). */
export function parsePageOptions(search: string): PageOptions {
  const params = new URLSearchParams(search);
  const raw = params.get('cameras');
  const list = raw === null ? [] : [...new Set(raw.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
  const debug = params.get('debug');
  return {
    cameras: list.length > 0 ? list : null,
    debug: debug !== null && debug !== '0' && debug !== 'false',
  };
}
