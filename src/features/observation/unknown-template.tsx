import { usePageTitle } from '../../ui/page-title';

/** A record pinned to a checklist version this tablet does not have yet. */
export function UnknownTemplate() {
  usePageTitle('This checklist is not on this tablet yet');
  return (
    <>
      <h1 class="govuk-heading-l">This checklist is not on this tablet yet</h1>
      <p class="govuk-body">
        The observation uses a version of its checklist that this tablet has not received. Connect
        to the internet so the tablet can sync, then open it again. Nothing in it has been lost.
      </p>
    </>
  );
}
