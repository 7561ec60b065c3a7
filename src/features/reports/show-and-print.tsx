import { Button, ButtonGroup } from '../../ui/content';

/** A report form's buttons: show the report chosen (the form's submit), and print the one shown. */
export function ShowAndPrint() {
  return (
    <ButtonGroup>
      <button type="submit" class="govuk-button" data-module="govuk-button">
        Show report
      </button>
      <Button variant="secondary" onClick={() => window.print()}>
        Print this report
      </Button>
    </ButtonGroup>
  );
}
