import { Tag } from './content';

export type TaskStatus = 'completed' | 'incomplete' | 'not-started' | 'cannot-start' | 'has-errors';

export type Task = {
  id: string;
  title: string;
  href: string | null;
  status: TaskStatus;
  hint?: string;
};

const words: Record<TaskStatus, string> = {
  completed: 'Completed',
  incomplete: 'In progress',
  'not-started': 'Not yet started',
  'cannot-start': 'Cannot start yet',
  'has-errors': 'There is a problem',
};

function Status({ id, status }: { id: string; status: TaskStatus }) {
  if (status === 'completed')
    return (
      <div class="govuk-task-list__status" id={id}>
        {words.completed}
      </div>
    );
  if (status === 'cannot-start') {
    return (
      <div class="govuk-task-list__status govuk-task-list__status--cannot-start-yet" id={id}>
        {words[status]}
      </div>
    );
  }
  const colour = status === 'has-errors' ? 'red' : status === 'incomplete' ? 'light-blue' : 'blue';
  return (
    <div class="govuk-task-list__status" id={id}>
      <Tag colour={colour}>{words[status]}</Tag>
    </div>
  );
}

/** The GOV.UK task list: each section of an observation, and how far it has got. */
export function TaskList({ tasks }: { tasks: Task[] }) {
  return (
    <ul class="govuk-task-list">
      {tasks.map((task) => {
        const statusId = `task-${task.id}-status`;
        const hintId = task.hint ? `task-${task.id}-hint` : undefined;
        return (
          <li
            class={`govuk-task-list__item${task.href ? ' govuk-task-list__item--with-link' : ''}`}
            key={task.id}
          >
            <div class="govuk-task-list__name-and-hint">
              {task.href ? (
                <a
                  class="govuk-link govuk-task-list__link"
                  href={task.href}
                  aria-describedby={[hintId, statusId].filter(Boolean).join(' ')}
                >
                  {task.title}
                </a>
              ) : (
                <div>{task.title}</div>
              )}
              {task.hint ? (
                <div id={hintId} class="govuk-task-list__hint">
                  {task.hint}
                </div>
              ) : null}
            </div>
            <Status id={statusId} status={task.status} />
          </li>
        );
      })}
    </ul>
  );
}
