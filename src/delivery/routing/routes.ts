// The transport map (config `routes`), like Postfix's transport_maps: keys are a recipient domain,
// a shaping provider name, or "*"; values "host:port", "[ipv6]:port" or "relay". Checked at start.
export type RouteTarget = { kind: 'relay' } | { kind: 'host'; host: string; port: number };
export type Routes = Map<string, RouteTarget>;

export function parseRoutes(table: Record<string, string>): Routes {
  const out: Routes = new Map();
  for (const [key, value] of Object.entries(table)) out.set(key.toLowerCase().replace(/\.$/, ''), parseTarget(key, value));
  return out;
}

function parseTarget(key: string, value: string): RouteTarget {
  const v = value.trim();
  if (v === 'relay') return { kind: 'relay' };
  const m = /^(?:\[([0-9a-f:.]+)\]|([^:\s[\]]+)):(\d{1,5})$/i.exec(v);
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  if (!host || !(port >= 1 && port <= 65535)) {
    throw new Error(`routes: "${key}" = "${value}" is not "host:port", "[ipv6]:port" or "relay"`);
  }
  return { kind: 'host', host: host.toLowerCase(), port };
}
