// Wall-clock times in Europe/London, as people type and read them, to and from UTC instants.

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const longDay = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const dayParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'numeric',
  year: 'numeric',
});
// GOV.UK's short months; Intl writes "Sept", which the style guide does not.
const SHORT_MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

const instant = (at: Date | string) => (typeof at === 'string' ? new Date(at) : at);

/** "10:20am", "10am", "2:05pm", "midday" or "midnight" in London (GOV.UK style). */
export function londonTimeWords(at: Date): string {
  const [h, m] = timeFormat.format(at).split(':').map(Number) as [number, number];
  if (m === 0 && h === 0) return 'midnight';
  if (m === 0 && h === 12) return 'midday';
  const hour = h % 12 === 0 ? 12 : h % 12;
  return `${hour}${m === 0 ? '' : `:${String(m).padStart(2, '0')}`}${h < 12 ? 'am' : 'pm'}`;
}

/** "6 December 2026": the London day something was done on, in words. */
export function londonDayWordsOf(at: Date | string): string {
  return longDay.format(instant(at));
}

/** "6 December 2026 at 10:38pm" in London: when something was done, for a person to read. */
export function londonDateTimeOf(at: Date | string): string {
  const d = instant(at);
  return `${longDay.format(d)} at ${londonTimeWords(d)}`;
}

/**
 * "6 Dec 2026 at 10:38pm": GOV.UK's short months, for a table column where the long form would
 * wrap onto three lines on a tablet.
 */
export function londonShortDateTimeOf(at: Date | string): string {
  const d = instant(at);
  const parts = dayParts.formatToParts(d);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return `${get('day')} ${SHORT_MONTHS[get('month') - 1]} ${get('year')} at ${londonTimeWords(d)}`;
}

/** "14:05" in London, as a time field takes it. */
export function londonTimeOf(at: Date): string {
  return timeFormat.format(at);
}

/** `YYYY-MM-DD` in London. */
export function londonDateOf(at: Date): string {
  return dateFormat.format(at);
}

/** The UTC instant of a London date and `HH:MM` time (London is UTC or UTC+1). */
export function londonInstant(date: string, time: string): string {
  const naive = Date.parse(`${date}T${time}:00Z`);
  for (const offsetMinutes of [0, 60]) {
    const candidate = new Date(naive - offsetMinutes * 60_000);
    if (londonTimeOf(candidate) === time && londonDateOf(candidate) === date) {
      return candidate.toISOString();
    }
  }
  return new Date(naive).toISOString();
}
