import { usePageTitle } from '../ui/page-title';
import { useServices } from '../lib/services';

/** The accessibility statement and the privacy notice, readable offline. */
export function LegalPage({ page }: { page: string }) {
  const { settings } = useServices();
  const title = page === 'privacy' ? 'Privacy notice' : 'Accessibility statement';
  usePageTitle(title);
  if (page === 'privacy') {
    return (
      <>
        <h1 class="govuk-heading-l">Privacy notice</h1>
        <p class="govuk-body">
          {settings.authorityName} uses this app to record observations of practice, case audits and
          family feedback calls, to improve the quality of its work with children and families.
        </p>
        <h2 class="govuk-heading-m">What we record</h2>
        <p class="govuk-body">
          About staff who are observed: their name, role, team, the observer’s judgements and
          evidence, and their own reflection. About children and families: the child’s case ID
          (never their name), and what families tell us in feedback calls, with their consent.
        </p>
        <h2 class="govuk-heading-m">Why we can use it</h2>
        <p class="govuk-body">
          Our lawful basis is public task (UK GDPR Article 6(1)(e)). Information about health or
          other special categories is used for health or social care purposes and for safeguarding
          (Article 9(2)(h) and (g), Data Protection Act 2018 Schedule 1).
        </p>
        <h2 class="govuk-heading-m">How it is protected</h2>
        <p class="govuk-body">
          Records on tablets are encrypted and locked when not in use. They are removed from tablets
          after they are sent and no longer needed. Every change and every view of someone else’s
          record is logged.
        </p>
        <h2 class="govuk-heading-m">Your rights</h2>
        <p class="govuk-body">
          You can ask to see what we hold about you, and complain about how we use it, to our data
          protection officer. We acknowledge complaints within 30 days. You can also complain to the
          Information Commissioner’s Office.
        </p>
      </>
    );
  }
  return (
    <>
      <h1 class="govuk-heading-l">Accessibility statement</h1>
      <p class="govuk-body">
        This statement applies to the Practice observations app used by {settings.authorityName}. We
        want as many people as possible to be able to use it. You should be able to change colours,
        contrast levels and fonts, zoom in up to 400% without the text spilling off the screen,
        navigate with just a keyboard or speech recognition software, and listen with a screen
        reader.
      </p>
      <h2 class="govuk-heading-m">How accessible this app is</h2>
      <p class="govuk-body">
        The app is designed to meet the Web Content Accessibility Guidelines version 2.2 AA
        standard. It is tested with the axe accessibility checker on every screen and by using it
        with a keyboard alone.
      </p>
      <h2 class="govuk-heading-m">Feedback and contact information</h2>
      <p class="govuk-body">
        If you need information in a different format, or find a problem not listed here, contact
        your service desk. We will reply within 5 working days.
      </p>
      <h2 class="govuk-heading-m">Enforcement procedure</h2>
      <p class="govuk-body">
        The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public
        Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If
        you are not happy with how we respond to your complaint, contact the Equality Advisory and
        Support Service (EASS).
      </p>
      <h2 class="govuk-heading-m">Technical information about this app’s accessibility</h2>
      <p class="govuk-body">
        This app is fully compliant with WCAG 2.2 AA as far as our testing has found. No known
        problems are listed.
      </p>
    </>
  );
}
