import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/700.css';
import '@fontsource/noto-sans-armenian/400.css';
import '@fontsource/noto-sans-armenian/700.css';
import './styles.css';
import { App } from './App';
import { SessionGate } from './session/SessionGate';
import { PrintRoute } from './print/PrintRoute';
import { isPrintRoute } from './print/route';
import { DisplayBoard, isDisplayRoute } from './queue/DisplayBoard';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {isPrintRoute(window.location.hash) ? (
      <PrintRoute />
    ) : isDisplayRoute(window.location.hash) ? (
      <DisplayBoard />
    ) : (
      <SessionGate>
        <App />
      </SessionGate>
    )}
  </StrictMode>,
);
