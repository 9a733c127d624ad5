// CSV for spreadsheets (RFC 4180 quoting): UTF-8 with a byte-order mark so Excel reads accents
// right, CRLF line ends, any separator (";" is what French spreadsheets expect).
export function csvCell(v: string, sep: string): string {
  // A leading = + - @ would be run as a formula by spreadsheets (CSV injection): quote it with a '.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return safe.includes(sep) || /["\r\n]/.test(safe) || safe !== v ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(rows: string[][], sep: string): string {
  return '\uFEFF' + rows.map((r) => r.map((c) => csvCell(c, sep)).join(sep)).join('\r\n') + '\r\n';
}
