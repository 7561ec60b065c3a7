// Calendar days and clock times as people in England read them (Europe/London), for the default
// report day and for notification emails. Times are stored in UTC everywhere else.

const dateParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** `YYYY-MM-DD` in Europe/London. */
export function londonDate(at: Date): string {
  const parts = Object.fromEntries(dateParts.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']}`;
}

const spoken = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** "14:05 on Tuesday 5 May 2026 (UK time)". */
export function londonDateTimeWords(at: Date): string {
  const p = Object.fromEntries(spoken.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p['hour']}:${p['minute']} on ${p['weekday']} ${p['day']} ${p['month']} ${p['year']} (UK time)`;
}

const hourPart = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  hourCycle: 'h23',
});

/** The hour of the day, 0 to 23, in Europe/London. */
export function londonHour(at: Date): number {
  return Number(hourPart.formatToParts(at).find((p) => p.type === 'hour')?.value ?? 0);
}

const dayWords = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** "Monday 30 November 2026", for a `YYYY-MM-DD` calendar date. */
export function calendarDateWords(date: string): string {
  const p = Object.fromEntries(
    dayWords.formatToParts(new Date(`${date}T12:00:00Z`)).map((x) => [x.type, x.value]),
  );
  return `${p['weekday']} ${p['day']} ${p['month']} ${p['year']}`;
}
