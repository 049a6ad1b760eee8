// The app: language, mode, the four views and how they reach each other. Views talk to Rust
// only through ./ipc; they talk to each other only through this (the `Ctx`).

import { getAppInfo, getLink, onLinkStatus, saveSettings, setIpcLang, toAppError, type AppInfo, type Lang, type LinkDto } from "./ipc";
import { catalogue, detectLang, type Catalogue } from "./i18n";
import type { Ctx } from "./context";
import { Shell, type ViewId } from "./shell";
import { CreateView } from "./views/create";
import { ShareView } from "./views/share";
import { LinksView } from "./views/links";
import { SettingsView } from "./views/settings";

export class App implements Ctx {
  t!: Catalogue;
  lang!: Lang;
  shell!: Shell;
  create!: CreateView;
  share!: ShareView;
  links!: LinksView;
  settings!: SettingsView;
  private appInfo: AppInfo | null = null;
  private unlisten: (() => void) | null = null;
  private readonly onKey = (e: KeyboardEvent) => {
    // Ctrl+N (Cmd+N on macOS): a new link from anywhere, instead of a new window.
    if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "n") {
      e.preventDefault();
      this.newLink();
    }
  };

  constructor(
    private readonly container: HTMLElement,
    private readonly osLanguage?: string,
  ) {}

  async start(): Promise<void> {
    try {
      this.appInfo = await getAppInfo();
    } catch (err) {
      // Without the mode the form still works; say nothing rather than guess "live" or "demo".
      console.error("get_app_info failed", toAppError(err).message);
    }
    this.useLang(this.appInfo?.settings.lang ?? null);
    this.render("create");
    document.addEventListener("keydown", this.onKey);
    try {
      const unlisten = await onLinkStatus((link) => this.linkChanged(link));
      this.unlisten = unlisten;
    } catch (err) {
      console.warn("link-status events unavailable", toAppError(err).message);
    }
  }

  /** Stops listening (keys, events): a test mounts a fresh app each time. */
  stop(): void {
    document.removeEventListener("keydown", this.onKey);
    this.unlisten?.();
    this.unlisten = null;
  }

  info(): AppInfo | null {
    return this.appInfo;
  }

  toast(message: string, kind: "ok" | "error" = "ok"): void {
    this.shell.toast(message, kind);
  }

  go(view: ViewId): void {
    this.shell.show(view);
  }

  showLink(link: LinkDto, fresh = false): void {
    this.shell.show("share");
    this.share.show(link, fresh);
    this.share.focus();
  }

  async openLink(id: number): Promise<void> {
    try {
      this.showLink(await getLink(id));
    } catch (err) {
      this.toast(toAppError(err).message, "error");
    }
  }

  newLink(): void {
    this.shell.show("create");
    this.create.reset();
  }

  linkChanged(link: LinkDto): void {
    this.share.update(link);
    this.links.update(link);
  }

  async refreshInfo(): Promise<void> {
    try {
      this.appInfo = await getAppInfo();
      this.applyInfo();
    } catch (err) {
      this.toast(toAppError(err).message, "error");
    }
  }

  async setLang(pref: Lang | null): Promise<void> {
    if (this.appInfo) {
      const settings = { ...this.appInfo.settings, lang: pref };
      try {
        this.appInfo.settings = await saveSettings(settings);
      } catch (err) {
        console.warn("save_settings failed", toAppError(err).message);
        this.appInfo.settings = settings;
      }
    }
    this.useLang(pref);
    this.render("settings");
  }

  private useLang(pref: Lang | null): void {
    this.lang = pref ?? detectLang(this.osLanguage);
    this.t = catalogue(this.lang);
    setIpcLang(this.lang);
    document.documentElement.lang = this.lang;
    document.title = this.t.appName;
  }

  /** Builds every view in the current language. */
  private render(view: ViewId): void {
    const current = this.share?.current;
    this.create = new CreateView(this);
    this.share = new ShareView(this);
    this.links = new LinksView(this);
    this.settings = new SettingsView(this);
    const t = this.t;
    this.shell = new Shell(t, [
      { id: "create", title: t.nav.create, root: this.create.root, onShow: () => this.create.focus() },
      { id: "share", title: t.nav.share, root: this.share.root, onShow: () => this.share.focus() },
      { id: "links", title: t.nav.links, root: this.links.root, onShow: () => this.links.onShow() },
      { id: "settings", title: t.nav.settings, root: this.settings.root },
    ]);
    this.container.replaceChildren(this.shell.root);
    this.applyInfo();
    if (current) {
      this.share.show(current);
      this.shell.setTabShown("share", true);
    }
    this.shell.show(view);
  }

  private applyInfo(): void {
    const info = this.appInfo;
    if (!info) return;
    this.shell.setMode(info);
    this.create.setInfo(info);
    this.settings.setInfo(info);
  }
}
