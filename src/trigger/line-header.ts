/**
 * Where the message of a log line starts. A DHCP client controls its hostname, and servers
 * log hostnames of requests that are not ACKs (`DHCPREQUEST … (HOSTNAME) via …`): a
 * hostname such as `x: DHCPACK on 10.0.0.5 to <victim MAC> (FS-S5850-SRV) via eth0` must
 * never read as a lease. So a keyword only counts at the start of the message, right
 * after the syslog header (timestamp, host, `tag[pid]:`), which no client can write.
 */

/**
 * Optional timestamp (traditional or ISO) and host, then the program tag with an optional
 * `[pid]`, a colon and an optional space. The tag and host exclude `(`, `)` and spaces, so
 * the text of a request line can never pass for a header.
 */
const HEADER =
  /^(?:(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)?) (?:[\w.-]+ )?)?([\w./-]+)(?:\[\d+\])?: ?/;

/** The syslog header of a line: the program tag and where the message starts. */
interface LineHeader {
  /** `dhcpd`, `dnsmasq-dhcp`, `kea-dhcp4`, … or `''` for a bare line (`dhcpd -d` on stderr). */
  readonly tag: string;
  readonly messageStart: number;
}

/** Splits off the syslog header; a line without one is a bare message starting at 0. */
export function lineHeader(line: string): LineHeader {
  const m = HEADER.exec(line);
  if (m === null) return { tag: '', messageStart: 0 };
  return { tag: m[1]!, messageStart: m[0].length };
}
