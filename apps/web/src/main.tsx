import { render } from 'preact';
import { App } from './app/App.tsx';
import { ServicesContext } from './app/context.ts';
import { createServices } from './app/services.ts';
import './styles.css';

const services = createServices();

// Spanish and French are separate chunks: wait for the chosen one so the first paint is in the right language.
services.languageReady.finally(() => {
  const root = document.getElementById('app');
  if (root === null) return;
  render(
    <ServicesContext.Provider value={services}>
      <App />
    </ServicesContext.Provider>,
    root,
  );
});

if (__CLEARLEDGER_SERVICE_WORKER__ && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  });
}
