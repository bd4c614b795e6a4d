/** When the clocks' drivers next have work due (shared by the virtual and the real clock). */
import type { ClockDriver } from './clock';

/** The earliest time any of the drivers has work due, or undefined when none has. */
export function earliestDue(drivers: Iterable<ClockDriver>): number | undefined {
  let min: number | undefined;
  for (const d of drivers) {
    const at = d.nextDueAt();
    if (at !== undefined && (min === undefined || at < min)) min = at;
  }
  return min;
}
