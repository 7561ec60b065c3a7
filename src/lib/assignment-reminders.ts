// The reminders of the programme on the tablet: how many of my assignments are overdue or due
// within a week, from the records the tablet holds (offline too), by the rule the server's views
// use. Shared so that any screen (home, "My assignments") says the same.
import { assignmentState } from '../../schemas/rules/coverage';
import { listRecords } from '../db';
import { assignmentHere } from './assignments-here';
import { londonDateOf } from '../../schemas/calendar/london-time';
import { useServices } from './services';
import { useLive } from './use-live';

export type AssignmentReminders = { overdue: number; dueSoon: number };

export function useAssignmentReminders(): AssignmentReminders | undefined {
  const { store, user } = useServices();
  return useLive(async () => {
    const today = londonDateOf(new Date());
    const states = (
      await Promise.all(
        (await listRecords(store.db, store.cipher, 'assignment')).map((r) =>
          assignmentHere(store, r),
        ),
      )
    )
      .filter((a) => a.observerUserId === user.id)
      .map((a) => assignmentState(a, today));
    return {
      overdue: states.filter((s) => s === 'overdue').length,
      dueSoon: states.filter((s) => s === 'due-soon').length,
    };
  }, [store, user.id]).value;
}

/** "1 assignment overdue and 2 due within a week", or null when nothing needs attention. */
export function reminderText(r: AssignmentReminders | undefined): string | null {
  if (!r || r.overdue + r.dueSoon === 0) return null;
  const n = (k: number) => `${k} ${k === 1 ? 'assignment' : 'assignments'}`;
  if (r.overdue && r.dueSoon) return `${n(r.overdue)} overdue and ${r.dueSoon} due within a week`;
  return r.overdue ? `${n(r.overdue)} overdue` : `${n(r.dueSoon)} due within a week`;
}
