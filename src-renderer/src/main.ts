// First, so that main is asked for the first screen before the rest is evaluated.
import { startup } from './lib/startup';
import { mount } from 'svelte';
import App from './App.svelte';
import { locale } from './lib/strings';
import './styles/app.css';

/**
 * How long the first render waits for main's start-up answer. Main answers from memory within
 * milliseconds; this only bounds a main process that is stuck, and the app then asks again.
 */
const STARTUP_WAIT_IN_MILLISECONDS = 1_000;

document.documentElement.lang = locale;

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
// Rendering before the answer is in would lay the page out twice (the shell, then the rows)
// and keep the answer queued behind that work; the window is shown once it has painted.
await Promise.race([
  startup.answer.catch(() => undefined),
  new Promise((resolve) => setTimeout(resolve, STARTUP_WAIT_IN_MILLISECONDS)),
]);
mount(App, { target, props: { startup } });
