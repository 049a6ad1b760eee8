// The window's frame: brand, view tabs, the mode badge (Demo is said on every view) and the
// toast line where actions report what they did.

import type { AppInfo, ProviderName } from "./ipc";
import type { Catalogue } from "./i18n";
import { button, h } from "./dom";
// The logo as a PNG, not the SVG it is drawn from: WebKit draws an SVG image through a whole SVG
// document of its own (its XML parser, SVG layout and painting), ~1.7 MiB of code the page
// otherwise never runs (`npm run bench`, page process; see RELEASING.md).
import logoUrl from "../../icons/64x64.png";

export type ViewId = "create" | "share" | "links" | "settings";

export interface ViewSlot {
  id: ViewId;
  title: string;
  root: HTMLElement;
  /** Called each time the view is shown (e.g. to focus its first field). */
  onShow?: () => void;
}

export class Shell {
  readonly root: HTMLElement;
  private readonly badge: HTMLElement;
  private readonly toastEl: HTMLElement;
  private readonly tabs = new Map<ViewId, HTMLButtonElement>();
  private readonly unseen: HTMLElement;
  private readonly updateDot: HTMLElement;
  private readonly keysBanner: HTMLElement;
  private readonly keysText: HTMLElement;
  /** "Tekrar dene" on the keys banner. */
  onRetryKeys: (() => void) | undefined;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  current: ViewId | undefined;

  constructor(
    private readonly t: Catalogue,
    private readonly views: ViewSlot[],
    /** Shown above every view (the "which link?" panel). */
    top?: HTMLElement,
  ) {
    this.badge = h("span", { id: "mode-badge", class: "mode-badge", hidden: true });
    this.unseen = h("span", { id: "unseen-count", class: "unseen-count", hidden: true });
    this.updateDot = h("span", { id: "update-dot", class: "update-dot", hidden: true });
    const nav = h("nav", { class: "tabs", "aria-label": t.appName });
    for (const view of views) {
      const tab = h(
        "button",
        { id: `nav-${view.id}`, type: "button", class: "tab", "data-view": view.id },
        view.title,
      );
      if (view.id === "create") tab.title = t.nav.shortcut;
      if (view.id === "links") tab.append(this.unseen);
      if (view.id === "settings") tab.append(this.updateDot);
      tab.addEventListener("click", () => this.show(view.id));
      this.tabs.set(view.id, tab);
      nav.append(tab);
    }
    // The share tab appears once there is a link to share.
    this.setTabShown("share", false);
    this.toastEl = h("div", { id: "toast", class: "toast", role: "status", "aria-live": "polite", hidden: true });
    const header = h(
      "header",
      { class: "app-header" },
      h("div", { class: "brand" }, h("img", { class: "logo", src: logoUrl, alt: "" }), h("span", {}, t.appName)),
      nav,
      this.badge,
    );
    // Keys set up but out of reach (locked keychain): said above every view, with a retry.
    this.keysText = h("span", { id: "keys-unreachable-reason" });
    this.keysBanner = h(
      "div",
      { id: "keys-unreachable", class: "keys-banner form-error", role: "alert", hidden: true },
      h("strong", {}, t.keys.unreachable),
      this.keysText,
      button({ id: "keys-retry", class: "small" }, t.keys.retry, () => this.onRetryKeys?.()),
    );
    const main = h("main", { class: "content" }, this.keysBanner, ...(top ? [top] : []), ...views.map((v) => v.root));
    this.root = h("div", { class: "shell" }, header, main, this.toastEl);
  }

  show(id: ViewId): void {
    this.current = id;
    if (id === "share") this.setTabShown("share", true);
    for (const view of this.views) {
      const active = view.id === id;
      view.root.hidden = !active;
      this.tabs.get(view.id)?.setAttribute("aria-current", active ? "page" : "false");
    }
    // Each view opens at its top (header, QR, first field), not at the last view's scroll offset.
    // Before onShow: the focus it sets then lands on a field already in sight.
    window.scrollTo(0, 0);
    this.views.find((v) => v.id === id)?.onShow?.();
  }

  setTabShown(id: ViewId, shown: boolean): void {
    const tab = this.tabs.get(id);
    if (tab) tab.hidden = !shown;
  }

  /** Payments since the owner last opened Linkler, on the Linkler tab; hidden at 0. */
  setUnseen(count: number): void {
    const shown = Number.isInteger(count) && count > 0;
    this.unseen.hidden = !shown;
    // Empty when hidden: the tab's text (and name) stays "Linkler".
    this.unseen.textContent = shown ? (count > 99 ? "99+" : String(count)) : "";
    this.unseen.title = shown ? this.t.nav.unseen(count) : "";
    if (shown) this.unseen.setAttribute("aria-label", this.t.nav.unseen(count));
    else this.unseen.removeAttribute("aria-label");
  }

  /** A quiet dot on Ayarlar while a downloaded, checked update waits for the owner's click. */
  setUpdateReady(ready: boolean): void {
    this.updateDot.hidden = !ready;
    this.updateDot.title = ready ? this.t.updates.badge : "";
    if (ready) this.updateDot.setAttribute("aria-label", this.t.updates.badge);
    else this.updateDot.removeAttribute("aria-label");
  }

  /** Demo is said plainly, in the header, on every view; so are live keys over a provider's
   *  test host (Paynet's test server, iyzico's sandbox). */
  setMode(info: AppInfo): void {
    const demo = info.mode === "demo";
    const tests = testHosts(info).map((p) => this.t.provider[p]);
    const names = tests.length > 1 ? `${tests.slice(0, -1).join(", ")} ${this.t.mode.and} ${tests.at(-1)}` : tests[0];
    this.badge.className = `mode-badge ${demo ? "demo" : names ? "live test-host" : "live"}`;
    this.badge.textContent = demo ? this.t.mode.demoLong : names ? this.t.mode.liveTest(names, tests.length > 1) : this.t.mode.live;
    this.badge.hidden = false;
    this.keysBanner.hidden = !info.keysUnreachable;
    this.keysText.textContent = info.keysUnreachable ? (info.keychainError ?? "") : "";
  }

  /** A short line saying what an action did ("Link kopyalandı"); errors stay longer. */
  toast(message: string, kind: "ok" | "error" = "ok"): void {
    clearTimeout(this.toastTimer);
    this.toastEl.textContent = message;
    this.toastEl.className = `toast ${kind}`;
    this.toastEl.hidden = false;
    this.toastTimer = setTimeout(() => (this.toastEl.hidden = true), kind === "error" ? 9000 : 4000);
  }
}

/** The providers whose saved keys go to their test host. Only with that provider's keys: PayTR
 *  alone never goes near Paynet's host. */
export function testHosts(info: AppInfo): ProviderName[] {
  if (info.mode === "demo") return [];
  const out: ProviderName[] = [];
  if (info.credentials.paynet && info.settings.paynetEnv === "test") out.push("paynet");
  if (info.credentials.iyzico && info.settings.iyzicoEnv === "test") out.push("iyzico");
  return out;
}
