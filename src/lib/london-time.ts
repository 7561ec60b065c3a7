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

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  dateStyle: 'long',
  timeStyle: 'short',
});

/** "6 December 2026 at 22:38" in London: when something was done, for a person to read. */
export function londonDateTimeOf(at: Date | string): string {
  return dateTimeFormat.format(typeof at === 'string' ? new Date(at) : at);
}

/** "14:05" in London. */
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
