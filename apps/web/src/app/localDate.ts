/**
 * Today's calendar date where the person using the app is (their device's time zone), as
 * YYYY-MM-DD. Not the UTC date: in the evening in the Americas that is already tomorrow, and the node
 * refuses an importation dated after today at the port.
 */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
