// Entry point: pick the language, build the frame, mount the views, then ask Rust which mode
// the app runs in.

import { getAppInfo } from "./ipc";
import { catalogue, detectLang } from "./i18n";
import { Shell } from "./shell";
import { CreateView } from "./views/create";

export async function start(container: HTMLElement, language?: string): Promise<Shell> {
  const lang = detectLang(language);
  const t = catalogue(lang);
  document.documentElement.lang = lang;
  document.title = t.appName;

  const create = new CreateView(t, lang);
  const shell = new Shell(t, [{ id: "create", title: t.nav.create, root: create.root, onShow: () => create.focus() }]);
  container.replaceChildren(shell.root);
  shell.show("create");

  try {
    shell.setMode(await getAppInfo());
  } catch (err) {
    // Without the mode the form still works; say nothing rather than guess "live" or "demo".
    console.error("get_app_info failed", err);
  }
  return shell;
}

const container = document.getElementById("app");
if (container) void start(container);
