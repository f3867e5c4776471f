/**
 * CBP ports of entry the node knows, with the IANA time zone whose calendar date is the port's date
 * (claims are dated and deadlines run at the port). Codes are Schedule D district (2) + port (2), with
 * the leading zero kept. Sources: CBP's Schedule D list of district/port codes (ACE CATAIR,
 * Appendix D) for the codes and names; the IANA time zone database (tzdata `zone1970.tab`) for the
 * zones. Add a port here as one line.
 */
export const cbpPorts = [
  { code: '0712', name: 'Champlain-Rouses Point, NY', timeZone: 'America/New_York' },
  { code: '0901', name: 'Buffalo-Niagara Falls, NY', timeZone: 'America/New_York' },
  { code: '1001', name: 'New York, NY', timeZone: 'America/New_York' },
  { code: '2304', name: 'Laredo, TX', timeZone: 'America/Chicago' },
  { code: '2402', name: 'El Paso, TX', timeZone: 'America/Denver' },
  { code: '2604', name: 'Nogales, AZ', timeZone: 'America/Phoenix' },
  { code: '2704', name: 'Los Angeles, CA', timeZone: 'America/Los_Angeles' },
  { code: '2709', name: 'Long Beach, CA', timeZone: 'America/Los_Angeles' },
  { code: '3001', name: 'Seattle, WA', timeZone: 'America/Los_Angeles' },
  { code: '3004', name: 'Blaine, WA', timeZone: 'America/Los_Angeles' },
  { code: '3801', name: 'Detroit, MI', timeZone: 'America/Detroit' },
  { code: '3901', name: 'Chicago, IL', timeZone: 'America/Chicago' },
  { code: '5301', name: 'Houston, TX', timeZone: 'America/Chicago' },
] as const satisfies readonly CbpPort[];

/** A CBP port of entry (Schedule D) and its time zone. */
export type CbpPort = { code: string; name: string; timeZone: string };

/** The port with this Schedule D code, or undefined. */
export function findCbpPort(code: string): CbpPort | undefined {
  return cbpPorts.find((p) => p.code === code);
}

/**
 * The time zone whose date counts when a claim does not name its port: Eastern time, the zone of
 * CBP headquarters (Washington, D.C.).
 */
export const DEFAULT_PORT_TIME_ZONE = 'America/New_York';
