// The safety concern emails' times, until they are written the GOV.UK way by the shared module.

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
