// Days and clock times in Europe/London, as people in England type and read them, to and from the
// UTC instants stored everywhere else. One module for the tablet's screens and the server's emails
// and reports, in GOV.UK style: "7 December 2026", "7 December 2026 at 10:20am", 2:05pm, midday,
// midnight. Only Intl: nothing of ours, so `src/` and `sync-server/` both import it.

const LONDON = 'Europe/London';

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const longDay = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const dayAndMonth = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  day: 'numeric',
  month: 'long',
});
const dayParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  day: 'numeric',
  month: 'numeric',
  year: 'numeric',
});
const weekdayParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
// A calendar date has no time zone: read at midday UTC, it is the same day everywhere.
const calendarWeekdayParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
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

const partsOf = (format: Intl.DateTimeFormat, at: Date) =>
  Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));

/** `YYYY-MM-DD`: the London calendar day of an instant (at 11:30pm UTC in summer, the next day). */
export function londonDateOf(at: Date | string): string {
  const p = partsOf(dateFormat, instant(at));
  return `${p['year']}-${p['month']}-${p['day']}`;
}

/** "14:05" in London, as a time field takes it. */
export function londonTimeOf(at: Date): string {
  return timeFormat.format(at);
}

/** The hour of the day, 0 to 23, in London. */
export function londonHour(at: Date): number {
  return Number(londonTimeOf(at).slice(0, 2));
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

/** "10:20am", "10am", "2:05pm", "midday" or "midnight" in London (GOV.UK style). */
export function londonTimeWords(at: Date): string {
  const [h, m] = londonTimeOf(at).split(':').map(Number) as [number, number];
  if (m === 0 && h === 0) return 'midnight';
  if (m === 0 && h === 12) return 'midday';
  const hour = h % 12 === 0 ? 12 : h % 12;
  return `${hour}${m === 0 ? '' : `:${String(m).padStart(2, '0')}`}${h < 12 ? 'am' : 'pm'}`;
}

/** "6 December 2026": the London day something was done on, in words. */
export function londonDayWordsOf(at: Date | string): string {
  return longDay.format(instant(at));
}

/** "6 December": the London day without its year, where the year goes without saying. */
export function londonDayMonthWordsOf(at: Date | string): string {
  return dayAndMonth.format(instant(at));
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

/**
 * "2:05pm on Tuesday 5 May 2026": the time first and the weekday with the date, for a sentence
 * read away from the app (an email says "(UK time)" after it, since its reader may be anywhere).
 */
export function londonTimeOnDayWordsOf(at: Date | string): string {
  const d = instant(at);
  const p = partsOf(weekdayParts, d);
  return `${londonTimeWords(d)} on ${p['weekday']} ${p['day']} ${p['month']} ${p['year']}`;
}

/** "Monday 30 November 2026", for a `YYYY-MM-DD` calendar date. */
export function calendarDateWords(date: string): string {
  const p = partsOf(calendarWeekdayParts, new Date(`${date}T12:00:00Z`));
  return `${p['weekday']} ${p['day']} ${p['month']} ${p['year']}`;
}

// Calendar dates (`YYYY-MM-DD`) and months have no time zone: read at UTC, each is its own day.
const calendarDayFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** `2026-03-27` as "27 March 2026" (GOV.UK style). */
export function formatDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  return calendarDayFormat.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}

const monthFormat = new Intl.DateTimeFormat('en-GB', {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const monthAloneFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });

/** `2026-10` (or any date in it) as "October 2026", or "October" without the year. */
export function formatMonth(month: string, { year = true } = {}): string {
  const m = /^(\d{4})-(\d{2})/.exec(month);
  if (!m) return month;
  const first = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return (year ? monthFormat : monthAloneFormat).format(first);
}

/** A UTC instant as London wall-clock time: "1 December 2026 at 10:42am" (GOV.UK style). */
export function formatInstant(at: string | null | undefined): string {
  if (!at) return '';
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  return londonDateTimeOf(d);
}
