import { render } from 'preact';
import './styles/app.scss';
import { App } from './app/app';
import { createSessionController } from './app/session';
import { registerServiceWorker } from './sw/register';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');

const controller = createSessionController({ deviceName: 'Tablet' });
const root = document.getElementById('app');
if (root) render(<App controller={controller} />, root);

registerServiceWorker((apply) => {
  // Kept for screens that mount later than the event.
  (window as { __appUpdate?: () => Promise<void> }).__appUpdate = apply;
  window.dispatchEvent(new CustomEvent('app-update-ready', { detail: apply }));
});
