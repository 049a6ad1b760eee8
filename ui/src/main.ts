// Entry point: mount the app in #app. `start` is exported for the tests (a fresh app each time).

import { App } from "./app";

let current: App | null = null;

export async function start(container: HTMLElement, language?: string): Promise<App> {
  current?.stop();
  const app = new App(container, language);
  current = app;
  await app.start();
  return app;
}

const container = document.getElementById("app");
if (container) void start(container);
