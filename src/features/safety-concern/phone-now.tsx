import { NotificationBanner } from '../../ui/content';

/** "Not sent: phone now", said plainly, with the duty number the authority set. */
export function PhoneNow({
  dutyPhone,
  reason,
}: {
  dutyPhone: string | null;
  reason: 'offline' | 'not-sent';
}) {
  const tel = dutyPhone ? `tel:${dutyPhone.replace(/[^+\d]/g, '')}` : null;
  return (
    <NotificationBanner
      title={reason === 'offline' ? 'No signal: phone now' : 'Not sent yet: phone now'}
      live
      id="phone-now"
    >
      <p class="govuk-notification-banner__heading">
        {reason === 'offline'
          ? 'This tablet has no signal, so a concern cannot reach anyone from here yet.'
          : 'Your concern has not reached the server yet, so nobody has been told through the app.'}
      </p>
      <p class="govuk-body app-duty-phone" data-testid="duty-phone">
        {dutyPhone && tel ? (
          <>
            Phone the duty team now on{' '}
            <a class="govuk-link govuk-!-font-weight-bold" href={tel}>
              {dutyPhone}
            </a>
            .
          </>
        ) : (
          'Phone your duty team now.'
        )}
      </p>
      <p class="govuk-body">
        The app keeps the concern and sends it by itself as soon as there is a signal. If a child is
        in immediate danger, call 999.
      </p>
    </NotificationBanner>
  );
}
