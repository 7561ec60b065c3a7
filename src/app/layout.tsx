import type { ComponentChildren } from 'preact';

/** The page frame every screen shares: skip link, header, main content and footer. */
export function Layout({
  header,
  banners,
  children,
}: {
  header: ComponentChildren;
  banners?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <>
      <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">
        Skip to main content
      </a>
      {header}
      <div class="govuk-width-container">
        {banners}
        <main class="govuk-main-wrapper" id="main-content" role="main" tabIndex={-1}>
          {children}
        </main>
      </div>
      <footer class="govuk-footer">
        <div class="govuk-width-container">
          <div class="govuk-footer__meta">
            <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
              <h2 class="govuk-visually-hidden">Support links</h2>
              <ul class="govuk-footer__inline-list">
                <li class="govuk-footer__inline-list-item">
                  <a class="govuk-footer__link" href="/help/accessibility">
                    Accessibility statement
                  </a>
                </li>
                <li class="govuk-footer__inline-list-item">
                  <a class="govuk-footer__link" href="/help/privacy">
                    Privacy notice
                  </a>
                </li>
              </ul>
            </div>
          </div>
        </div>
      </footer>
    </>
  );
}
