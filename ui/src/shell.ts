// The window's frame: brand, view tabs and the mode badge. Views slot in below the header; the
// later ones (Paylaş, Linkler, Ayarlar) are added to the list `main.ts` passes in.

import type { AppInfo } from "./ipc";
import type { Catalogue } from "./i18n";
import { h } from "./dom";
import logoUrl from "../../icons/icon.svg";

export interface ViewSlot {
  id: string;
  title: string;
  root: HTMLElement;
  /** Called each time the view is shown (e.g. to focus its first field). */
  onShow?: () => void;
}

export class Shell {
  readonly root: HTMLElement;
  private readonly badge: HTMLElement;
  private readonly tabs = new Map<string, HTMLButtonElement>();
  private readonly main: HTMLElement;

  constructor(
    private readonly t: Catalogue,
    private readonly views: ViewSlot[],
  ) {
    this.badge = h("span", { id: "mode-badge", class: "mode-badge", hidden: true });
    const nav = h("nav", { class: "tabs", "aria-label": t.appName });
    for (const view of views) {
      const tab = h("button", { type: "button", class: "tab", "data-view": view.id }, view.title);
      tab.addEventListener("click", () => this.show(view.id));
      this.tabs.set(view.id, tab);
      nav.append(tab);
    }
    this.main = h("main", { class: "content" }, ...views.map((v) => v.root));
    const header = h(
      "header",
      { class: "app-header" },
      h("div", { class: "brand" }, h("img", { class: "logo", src: logoUrl, alt: "" }), h("span", {}, t.appName)),
      nav,
      this.badge,
    );
    this.root = h("div", { class: "shell" }, header, this.main);
  }

  show(id: string): void {
    for (const view of this.views) {
      const active = view.id === id;
      view.root.hidden = !active;
      this.tabs.get(view.id)?.setAttribute("aria-current", active ? "page" : "false");
      if (active) view.onShow?.();
    }
  }

  /** Demo is said plainly, in the header, on every view. */
  setMode(info: AppInfo): void {
    const demo = info.mode === "demo";
    this.badge.className = `mode-badge ${demo ? "demo" : "live"}`;
    this.badge.textContent = demo ? this.t.mode.demoLong : this.t.mode.live;
    this.badge.hidden = false;
  }
}
