/**
 * When a message arrived: the "now" of every date rule (P-4 plausibility, O-6 deadlines).
 * The newest Received: header is stamped by our own receiving server, so it beats the
 * sender's Date: header, which the sender's clock (or the sender) chose.
 */
import type { ParsedMessage } from './types.ts';

export function arrivalTime(msg: ParsedMessage, override?: Date): Date | null {
  if (override && !Number.isNaN(override.getTime())) return override;
  return msg.receivedDates[0] ?? msg.date ?? null;
}
