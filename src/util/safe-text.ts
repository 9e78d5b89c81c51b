/**
 * Untrusted text (DHCP hostnames, syslog lines, switch output) made safe to log: control
 * characters and non-ASCII are escaped as \xNN / \uNNNN, and the result is cut to `max`
 * characters with a marker saying how much was cut. The output never contains a newline,
 * so one event is always one log line.
 */
export function safeText(input: string, max = 256): string {
  let out = '';
  const limit = Math.min(input.length, max);
  for (let i = 0; i < limit; i++) {
    const c = input.charCodeAt(i);
    if (c === 0x5c) out += '\\\\';
    else if (c >= 0x20 && c < 0x7f) out += input[i];
    else if (c < 0x100) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += `\\u${c.toString(16).padStart(4, '0')}`;
  }
  if (input.length > max) out += `…(+${input.length - max} chars)`;
  return out;
}
