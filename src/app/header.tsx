import type { ComponentChildren } from 'preact';

type NavItem = { href: string; text: string };

/**
 * The service navigation with the service's name. Not the GOV.UK header: this is a local
 * authority's service, and the crown and GOV.UK logotype are for GOV.UK alone. `right` (the Lock
 * button) shares the name's row, so on a tablet the menu's rows are the only ones added above the
 * page; it comes before the menu in the tab order too, as it does on screen.
 */
export function Header({
  nav,
  current,
  authority,
  right,
}: {
  nav: NavItem[];
  current: string;
  authority?: string;
  right?: ComponentChildren;
}) {
  return (
    <header class="app-header">
      <section
        aria-label="Service"
        class="govuk-service-navigation"
        data-module="govuk-service-navigation"
      >
        <div class="govuk-width-container">
          <div class="govuk-service-navigation__container">
            <span class="govuk-service-navigation__service-name">
              <a href="/" class="govuk-service-navigation__link">
                Practice observations
              </a>
              {authority ? <span class="app-header__authority">{authority}</span> : null}
            </span>
            {right ? <div class="app-header__end">{right}</div> : null}
            {nav.length > 0 ? (
              <nav aria-label="Menu" class="govuk-service-navigation__wrapper app-header__nav">
                <ul class="govuk-service-navigation__list" id="navigation">
                  {nav.map((item) => {
                    const active =
                      item.href === '/' ? current === '/' : current.startsWith(item.href);
                    return (
                      <li
                        class={`govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}`}
                        key={item.href}
                      >
                        <a
                          class="govuk-service-navigation__link"
                          href={item.href}
                          aria-current={active ? 'page' : undefined}
                        >
                          {active ? (
                            <strong class="govuk-service-navigation__active-fallback">
                              {item.text}
                            </strong>
                          ) : (
                            item.text
                          )}
                        </a>
                      </li>
                    );
                  })}
                </ul>
              </nav>
            ) : null}
          </div>
        </div>
      </section>
    </header>
  );
}
