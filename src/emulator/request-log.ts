/** One line of the emulator's request log. */
export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  durationInMs: number;
  /** ISO time the request arrived. */
  at: string;
  /** Set when a fault shaped the answer: `latency`, `status`, `drop`. */
  fault?: string;
}
