import { NotificationBanner } from '../../ui/content';

/** Why the person must phone: no signal, the concern waiting to be sent, or the Director not told. */
export type PhoneReason = 'offline' | 'not-sent' | 'director-not-told';

const TITLES: Record<PhoneReason, string> = {
  offline: 'No signal: phone now',
  'not-sent': 'Not sent yet: phone now',
  'director-not-told': 'The Director has not been told yet: phone now',
};

const WHY: Record<PhoneReason, string> = {
  offline: 'This tablet has no signal, so a concern cannot reach anyone from here yet.',
  'not-sent':
    'Your concern has not reached the server yet, so nobody has been told through the app.',
  'director-not-told':
    'Your concern reached the server, but nothing has reached the Director of Children’s Social Care yet.',
};

/**
 * "Not sent: phone now", said plainly, with the duty number the authority set. An alert of its own
 * unless `announced` says it is already announced (a live region around it reads it out, or the
 * app's banner alerts the same news), so it is not heard twice.
 */
export function PhoneNow({
  dutyPhone,
  reason,
  announced = false,
}: {
  dutyPhone: string | null;
  reason: PhoneReason;
  announced?: boolean;
}) {
  const tel = dutyPhone ? `tel:${dutyPhone.replace(/[^+\d]/g, '')}` : null;
  return (
    <NotificationBanner title={TITLES[reason]} live={!announced} id="phone-now">
      <p class="govuk-notification-banner__heading">{WHY[reason]}</p>
      <p class="govuk-body app-duty-phone" data-testid="duty-phone">
        {dutyPhone && tel ? (
          <>
            Phone the duty team now on{' '}
            <a class="govuk-link govuk-!-font-weight-bold" href={tel}>
              {dutyPhone}
            </a>{' '}
            and follow your local procedure for telling the Director of Children’s Social Care.
          </>
        ) : (
          'Phone your duty team now and follow your local procedure for telling the Director of Children’s Social Care.'
        )}
      </p>
      <p class="govuk-body">
        {reason === 'director-not-told'
          ? 'If a child is in immediate danger, call 999.'
          : 'The app keeps the concern and sends it by itself as soon as there is a signal. Until then it is not sent. If a child is in immediate danger, call 999.'}
      </p>
    </NotificationBanner>
  );
}
