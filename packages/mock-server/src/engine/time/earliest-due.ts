/** When the clocks' drivers next have work due (shared by the virtual and the real clock). */

/** What the drivers expose here (a `ClockDriver` in clock.ts; structural, so this file imports nothing). */
interface DueSource {
  nextDueAt(): number | undefined;
}

/** The earliest time any of the drivers has work due, or undefined when none has. */
export function earliestDue(drivers: Iterable<DueSource>): number | undefined {
  let min: number | undefined;
  for (const d of drivers) {
    const at = d.nextDueAt();
    if (at !== undefined && (min === undefined || at < min)) min = at;
  }
  return min;
}
