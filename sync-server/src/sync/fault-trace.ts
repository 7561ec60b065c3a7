// A test-only window into the push transaction, used by the crash test to show that its kills
// land inside open transactions. Off unless SYNC_FAULT_TRACE_FILE is set; SYNC_FAULT_HOLD_MS keeps
// each push transaction open a little longer so a kill can land inside it.
import fs from 'node:fs';

const traceFile = process.env.SYNC_FAULT_TRACE_FILE;
const holdMs = Number(process.env.SYNC_FAULT_HOLD_MS ?? 0);

export const faultTraceEnabled = Boolean(traceFile);

export function trace(
  event: 'begin' | 'commit',
  deviceId: string,
  first: number,
  last: number,
): void {
  if (!traceFile) return;
  fs.appendFileSync(traceFile, `${event} ${deviceId} ${first} ${last} ${process.pid}\n`);
}

export async function holdOpen(): Promise<void> {
  if (traceFile && holdMs > 0) await new Promise((r) => setTimeout(r, holdMs));
}
