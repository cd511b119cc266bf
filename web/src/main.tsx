import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { createRouter } from './app/router.tsx';
import { loadProfile, setProfile } from './lib/controller.ts';
import { I18nProvider } from './lib/i18n.tsx';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('#root element missing from index.html');

const root = container;

// The build links the stylesheet as `media="print"` so that it does not block rendering
// (web/vite.config.ts); it is applied here, once loaded, before the first render.
function stylesReady(): Promise<void> {
  const link = document.querySelector<HTMLLinkElement>('link[data-dsr-styles]');
  if (!link) return Promise.resolve(); // vite dev: styles come with the modules
  const apply = () => {
    link.media = 'all';
  };
  if (link.sheet) {
    apply();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const done = () => {
      apply();
      resolve();
    };
    link.addEventListener('load', done, { once: true });
    link.addEventListener('error', done, { once: true });
  });
}

// The server puts the controller profile in the page: loadProfile resolves at once (no request).
void Promise.all([loadProfile(), stylesReady()]).then(([profile]) => {
  setProfile(profile);
  const router = createRouter();
  createRoot(root).render(
    <StrictMode>
      <I18nProvider>
        <RouterProvider router={router} />
      </I18nProvider>
    </StrictMode>,
  );
});
