// First, so that main is asked for the first screen before the rest is evaluated.
import { startup } from './lib/startup';
import { mount } from 'svelte';
import App from './App.svelte';
import { locale } from './lib/strings';
import './styles/app.css';

document.documentElement.lang = locale;

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
mount(App, { target, props: { startup } });
