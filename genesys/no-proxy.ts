import { BlockList, isIP } from "node:net";

/**
 * NO_PROXY as curl reads it (CURLOPT_NOPROXY): a list of entries separated by commas (and
 * spaces), each of them
 * - `*` alone: every host;
 * - a host name: that host and every host under it (`example.com` matches `api.example.com`,
 *   not `notexample.com`), a leading `.` or `*.` ignored;
 * - an IPv4 or IPv6 literal (IPv6 with or without brackets): that address only, in any of its
 *   spellings (`::1` and `0:0:0:0:0:0:0:1` are one);
 * - an address range in CIDR notation, IPv4 or IPv6 (`10.0.0.0/8`, `fd00::/8`).
 * A host name or a bracketed IPv6 may carry a port (`proxy.corp:8443`, `[::1]:8787`); then only
 * that port is reached directly (as Go's httpproxy reads it; curl ignores ports). Names are
 * compared in any letter case. IP entries match only a target written as an IP address: no
 * name is resolved. Node's own net.BlockList does the address and range arithmetic.
 */
export function noProxyMatches(list: string, target: URL): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = target.port || (target.protocol === "https:" ? "443" : "80");
  const family = isIP(host);
  return list
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((raw) => {
      const entry = raw.toLowerCase().replace(/\.$/, "");
      if (entry === "*") return true;
      const bracketed = /^\[([0-9a-f:.]+)\](?::(\d+))?$/.exec(entry);
      if (bracketed) return (!bracketed[2] || bracketed[2] === port) && sameAddress(bracketed[1], host, family);
      const cidr = /^([0-9a-f:.]+)\/(\d{1,3})$/.exec(entry);
      if (cidr) return inRange(cidr[1], Number(cidr[2]), host, family);
      if (isIP(entry)) return sameAddress(entry, host, family);
      const named = /^(.*?)(?::(\d+))?$/.exec(entry)!;
      if (named[2] && named[2] !== port) return false;
      const name = named[1].replace(/^\*?\./, "");
      if (name === "" || family !== 0) return family !== 0 && name === host;
      return host === name || host.endsWith(`.${name}`);
    });
}

const familyName = (f: number) => (f === 6 ? "ipv6" : "ipv4");

function sameAddress(address: string, host: string, family: number): boolean {
  const f = isIP(address);
  if (f === 0 || f !== family) return false;
  const list = new BlockList();
  list.addAddress(address, familyName(f));
  return list.check(host, familyName(f));
}

function inRange(network: string, bits: number, host: string, family: number): boolean {
  const f = isIP(network);
  if (f === 0 || f !== family || bits > (f === 6 ? 128 : 32)) return false;
  const list = new BlockList();
  list.addSubnet(network, bits, familyName(f));
  return list.check(host, familyName(f));
}
