export function Header() {
  return (
    <header class="govuk-header" data-module="govuk-header">
      <div class="govuk-header__container govuk-width-container">
        <div class="govuk-header__logo">
          <a href="/" class="govuk-header__link govuk-header__link--homepage">
            <span class="govuk-header__logotype-text">Practice observations</span>
          </a>
        </div>
      </div>
    </header>
  );
}
