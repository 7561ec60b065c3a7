import { AdminFrame } from './admin-frame';

const sections: { href: string; title: string; text: string }[] = [
  {
    href: '/admin/people',
    title: 'People and teams',
    text: 'Add people, set roles and teams, reset a password, move a leaver’s work.',
  },
  {
    href: '/admin/devices',
    title: 'Tablets',
    text: 'When each tablet was last in contact, what it has not sent, and removing a lost one.',
  },
  {
    href: '/admin/settings',
    title: 'Local settings',
    text: 'Grade labels, the duty phone number, who is told of a concern, locking and timescales.',
  },
  {
    href: '/admin/templates',
    title: 'Checklists',
    text: 'Adapt a checklist to local practice and publish it to every tablet.',
  },
  {
    href: '/admin/retention',
    title: 'Retention',
    text: 'Records past their retention period: review, export and delete them.',
  },
  {
    href: '/admin/audit',
    title: 'Audit trail',
    text: 'Who changed or read a record, and when.',
  },
  {
    href: '/admin/subject-access',
    title: 'Subject access',
    text: 'Export everything held about a member of staff or a case ID.',
  },
  {
    href: '/admin/recovery-file',
    title: 'Import a recovery file',
    text: 'Add the unsent changes of a tablet that cannot reach the server, each exactly once.',
  },
  {
    href: '/admin/legal',
    title: 'Accessibility statement and privacy notice',
    text: 'Edit the pages every tablet shows, online or not.',
  },
];

/** The administrator's start page. */
export function AdminHomePage() {
  return (
    <AdminFrame title="Administration" back={null}>
      <p class="govuk-body">These pages change what is on the server, so they need a signal.</p>
      <ul class="govuk-list">
        {sections.map((s) => (
          <li key={s.href} class="govuk-!-margin-bottom-4">
            <a
              class="govuk-link govuk-link--no-visited-state govuk-!-font-weight-bold"
              href={s.href}
            >
              {s.title}
            </a>
            <p class="govuk-body govuk-!-margin-bottom-0">{s.text}</p>
          </li>
        ))}
      </ul>
    </AdminFrame>
  );
}
