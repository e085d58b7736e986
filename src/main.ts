import { mount } from 'svelte';
import App from './ui/App.svelte';
import './ui/styles.css';
import { boot } from './app/boot';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
boot()
  .then((app) => mount(App, { target, props: { app } }))
  .catch((e: unknown) => {
    target.textContent = `Waymark could not start: ${(e as Error)?.message ?? String(e)}. Reload the page to try again.`;
    console.error(e);
  });
