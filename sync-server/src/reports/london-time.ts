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
