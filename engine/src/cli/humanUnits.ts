// Sizes and ages as the docker CLI prints them (go-units HumanSizeWithPrecision, HumanDuration):
// decimal units (kB, MB, GB), and "About an hour ago" style ages.

const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/** `precision` significant digits, like Go's %.*g (3 in `docker images`, 4 in progress bars). */
export function humanSize(bytes: number, precision = 3): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${Number(value.toPrecision(precision))}${units[unit]}`;
}

export function humanDuration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 1) return 'Less than a second';
  if (s === 1) return '1 second';
  if (s < 60) return `${s} seconds`;
  const minutes = Math.floor(s / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(s / 3600);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}

export function humanAge(unixSeconds: number, now = Date.now() / 1000): string {
  return unixSeconds <= 0 ? 'N/A' : `${humanDuration(now - unixSeconds)} ago`;
}

/** Go's time.Time String() as `docker images --format` prints CreatedAt. */
export function goTime(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000 UTC`;
}
