/**
 * Preview entry: the views on a mock app, for visual checks without the engine.
 * Open /src/ui/preview.html on the dev server; `?empty` starts with no runs, `?live` animates.
 */
import { mount } from 'svelte';
import App from './App.svelte';
import { MockApp } from './mock-app.svelte';

const query = new URLSearchParams(location.search);
const app = new MockApp({ empty: query.has('empty') });
mount(App, { target: document.getElementById('app')!, props: { app } });

if (query.has('live')) setInterval(() => app.tick(0.5), 500);

// For poking at the mock from the console or a script.
Object.assign(window, { waymarkMock: app });
