// The app: language, mode, the four views and how they reach each other. Views talk to Rust
// only through ./ipc; they talk to each other only through this (the `Ctx`).

import {
  getAppInfo, retryKeychain, getLink, getUnseenPayments, getUpdateStatus, listAmbiguousSales, markPaymentsSeen,
  onAmbiguousSale, onLinkStatus, onLinksChanged, onMissed,
  onPaymentReceived, onTrackerError, onUnseenPayments, onUpdateStatus,
  saveSettings,
  setIpcLang,
  toAppError,
  type AppInfo,
  type Lang,
  type LinkDto,
  type UpdateStatus,
  type PaymentReceivedEvent,
  type TrackerErrorEvent,
} from "./ipc";
import { catalogue, detectLang, type Catalogue } from "./i18n";
import { langFollowsOs, rememberedPref, rememberPref } from "./lang-memory";
import type { Ctx } from "./context";
import { Shell, type ViewId } from "./shell";
import { CreateView } from "./views/create";
import { ShareView } from "./views/share";
import { LinksView } from "./views/links";
import { SettingsView } from "./views/settings";
import { AmbiguousPanel } from "./views/ambiguous";
import { UpdatesCard } from "./views/updates";
import { sound } from "./sound";

/** How long after start, once the start view is usable, the first Linkler page is fetched. */
export const PREFETCH_AFTER_MS = 800;

/** A User Timing mark set once, when the start view is first drawn and its amount field focused:
 *  the benchmark reads when the window became usable from it (`npm run bench`). */
export const START_READY_MARK = "tahsildar-start-ready";

/** The same background failure is said once per this long, not on every sweep. */
export const TRACKER_ERROR_QUIET_MS = 5 * 60_000;

export class App implements Ctx {
  t!: Catalogue;
  lang!: Lang;
  shell!: Shell;
  create!: CreateView;
  share!: ShareView;
  links!: LinksView;
  settings!: SettingsView;
  updates!: UpdatesCard;
  ambiguous!: AmbiguousPanel;
  private appInfo: AppInfo | null = null;
  private unlisteners: (() => void)[] = [];
  private stopped = false;
  private prefetchTimer: ReturnType<typeof setTimeout> | undefined;
  private unseen = 0;
  private updateStatus: UpdateStatus | null = null;
  private readonly trackerErrorsSaid = new Map<string, number>();
  private readonly onVisible = () => {
    if (document.visibilityState === "visible" && this.shell.current === "links") void this.markSeen();
  };
  private lastKeyAt = -Infinity;
  private readonly onKey = (e: KeyboardEvent) => {
    this.lastKeyAt = performance.now();
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
    // Rust's own texts (the keychain's reason, notifications) in the OS's language until the
    // saved one is known.
    setIpcLang(detectLang(this.osLanguage));
    const asked = getAppInfo();
    // The info waits for the book, which opens after the window. The language preference shown
    // last time is known now: the form is drawn and usable at once, the providers and mode
    // follow. With nothing remembered (a first start), the app says at once whether the language
    // follows the OS's (it does until the owner picks one); only if not is the info waited for:
    // never a guessed language.
    let remembered = rememberedPref();
    if (remembered === undefined && (await langFollowsOs())) remembered = null;
    if (remembered !== undefined && !this.stopped) {
      this.useLang(remembered);
      this.render("create");
    }
    try {
      this.appInfo = await asked;
    } catch (err) {
      // Without the mode the form still works; say nothing rather than guess "live" or "demo".
      console.error("get_app_info failed", toAppError(err).message);
    }
    if (this.stopped) return;
    const drawn = remembered === undefined ? undefined : this.lang;
    // Without the info, the remembered preference is the best one known.
    this.useLang(this.appInfo ? this.appInfo.settings.lang : (remembered ?? null));
    if (this.hasRustTexts() && this.lang !== detectLang(this.osLanguage)) await this.reloadInfo();
    // Drawn already in this language: only what the info brings changes.
    if (drawn === this.lang) this.applyInfo();
    else this.render("create");
    document.addEventListener("keydown", this.onKey);
    document.addEventListener("visibilitychange", this.onVisible);
    await Promise.all([
      this.listen("link-status", () => onLinkStatus((link) => this.linkChanged(link))),
      this.listen("links-changed", () => onLinksChanged(() => this.linksChanged())),
      this.listen("payment-received", () => onPaymentReceived((e) => this.paid(e))),
      this.listen("ambiguous-sale", () => onAmbiguousSale((sale) => this.ambiguous.add(sale))),
      this.listen("tracker-error", () => onTrackerError((e) => this.trackerError(e))),
      this.listen("unseen-payments", () => onUnseenPayments((n) => this.setUnseen(n))),
      this.listen("update-status", () => onUpdateStatus(() => void this.loadUpdate())),
      this.listen("missed", () => onMissed(() => this.missedEvents())),
    ]);
    // After the listeners: a payment that lands in between is counted by both, never by neither.
    await Promise.all([this.loadUnseen(), this.loadAmbiguous(), this.loadUpdate()]);
  }

  /** Events were lost while the page was busy: read again what they would have changed. */
  private missedEvents(): void {
    this.linksChanged();
    void Promise.all([this.loadUnseen(), this.loadAmbiguous(), this.loadUpdate()]);
  }

  private async loadUpdate(): Promise<void> {
    try {
      this.setUpdate(await getUpdateStatus());
    } catch (err) {
      console.warn("get_update_status failed", toAppError(err).message);
    }
  }

  /** The updater's status: the Güncellemeler card in Ayarlar and the dot on its tab. */
  private setUpdate(status: UpdateStatus | null | undefined): void {
    this.updateStatus = status ?? null;
    this.updates.show(this.updateStatus);
    this.shell.setUpdateReady(this.updateStatus?.phase === "ready");
  }

  /** The prefetch waits for a pause in typing: its layout would hold up a keystroke. */
  private schedulePrefetch(after: number): void {
    this.prefetchTimer = setTimeout(() => {
      if (this.stopped) return;
      const sinceKey = performance.now() - this.lastKeyAt;
      if (sinceKey < PREFETCH_AFTER_MS) this.schedulePrefetch(PREFETCH_AFTER_MS - sinceKey);
      else void this.links.prefetch();
    }, after);
  }

  /** Stops listening (keys, events): a test mounts a fresh app each time. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.prefetchTimer);
    document.removeEventListener("keydown", this.onKey);
    document.removeEventListener("visibilitychange", this.onVisible);
    for (const unlisten of this.unlisteners) unlisten();
    this.unlisteners = [];
  }

  private async listen(name: string, subscribe: () => Promise<() => void>): Promise<void> {
    try {
      const unlisten = await subscribe();
      if (this.stopped) unlisten();
      else this.unlisteners.push(unlisten);
    } catch (err) {
      console.warn(`${name} events unavailable`, toAppError(err).message);
    }
  }

  private async loadUnseen(): Promise<void> {
    try {
      const n = Number(await getUnseenPayments()) || 0;
      // Already on Linkler (a test, a restart into it): looking is seeing.
      if (this.shell.current === "links" && n > 0) await this.markSeen();
      else this.setUnseen(n);
    } catch (err) {
      console.warn("get_unseen_payments failed", toAppError(err).message);
    }
  }

  private async loadAmbiguous(): Promise<void> {
    try {
      const sales = await listAmbiguousSales();
      if (Array.isArray(sales) && sales.length > 0) this.ambiguous.set([...this.ambiguous.pending, ...sales]);
    } catch (err) {
      console.warn("list_ambiguous_sales failed", toAppError(err).message);
    }
  }

  /** A link was paid: row and share view change, a chime (if on), a toast, the count. */
  private paid(e: PaymentReceivedEvent): void {
    this.linkChanged(e.link);
    if (this.appInfo?.settings.sound ?? true) void sound.play();
    const who = e.link.customer.trim();
    this.toast(who ? this.t.toast.paidBy(who, e.link.amountText) : this.t.toast.paid(e.link.amountText));
    this.setUnseen(e.unseenCount);
    // The owner is looking at the list: the paid row is in front of them.
    if (this.shell.current === "links" && document.visibilityState === "visible") void this.markSeen();
  }

  /** Said once per failure kind a while: the tracker retries every few seconds by itself. */
  private trackerError(e: TrackerErrorEvent): void {
    const key = `${e.provider ?? "store"}:${e.kind}`;
    const now = Date.now();
    const last = this.trackerErrorsSaid.get(key);
    if (last !== undefined && now - last < TRACKER_ERROR_QUIET_MS) return;
    this.trackerErrorsSaid.set(key, now);
    const who = e.provider ? this.t.provider[e.provider] : this.t.appName;
    this.toast(this.t.toast.trackerError(who, e.message), "error");
  }

  private setUnseen(n: number): void {
    this.unseen = n;
    this.shell.setUnseen(n);
  }

  /** The owner opened Linkler: the payments are seen. */
  async markSeen(): Promise<void> {
    if (this.unseen === 0) return;
    this.setUnseen(0);
    try {
      this.setUnseen(Number(await markPaymentsSeen()) || 0);
    } catch (err) {
      console.warn("mark_payments_seen failed", toAppError(err).message);
    }
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

  /** Many links changed at once: the list re-reads its page, the share view its link. */
  linksChanged(): void {
    this.links.reload();
    const shown = this.share.current;
    if (!shown) return;
    getLink(shown.id).then(
      (link) => this.share.update(link),
      (err) => console.warn("get_link failed", toAppError(err).message),
    );
  }

  async refreshInfo(): Promise<void> {
    try {
      this.appInfo = await getAppInfo();
      this.applyInfo();
    } catch (err) {
      this.toast(toAppError(err).message, "error");
    }
  }

  /** "Tekrar dene": the keychain is read again; the banner goes once the keys are in reach. */
  async retryKeys(): Promise<void> {
    try {
      this.appInfo = await retryKeychain();
      this.applyInfo();
      if (this.appInfo.keysUnreachable) this.toast(this.t.keys.stillUnreachable, "error");
      else this.toast(this.t.keys.reached);
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
    // Rust writes the update message in the UI's language: ask again in the new one.
    await this.loadUpdate();
    if (this.hasRustTexts()) {
      await this.reloadInfo();
      this.applyInfo();
    }
  }

  /** Whether the info carries texts Rust wrote in the language asked. */
  private hasRustTexts(): boolean {
    return Boolean(this.appInfo?.keychainError || this.appInfo?.notificationsOff);
  }

  private async reloadInfo(): Promise<void> {
    try {
      this.appInfo = await getAppInfo();
    } catch (err) {
      console.warn("get_app_info failed", toAppError(err).message);
    }
  }

  private useLang(pref: Lang | null): void {
    this.lang = pref ?? detectLang(this.osLanguage);
    this.t = catalogue(this.lang);
    // What the book says (or the owner just chose); never a fallback after a failed read.
    if (this.appInfo) rememberPref(pref);
    setIpcLang(this.lang);
    document.documentElement.lang = this.lang;
    document.title = this.t.appName;
  }

  /** Builds every view in the current language. */
  private render(view: ViewId): void {
    const current = this.share?.current;
    const sales = this.ambiguous?.pending ?? [];
    this.ambiguous = new AmbiguousPanel(this);
    this.create = new CreateView(this);
    this.share = new ShareView(this);
    this.links = new LinksView(this);
    this.settings = new SettingsView(this);
    const t = this.t;
    this.shell = new Shell(t, [
      { id: "create", title: t.nav.create, root: this.create.root, onShow: () => this.create.onShow() },
      { id: "share", title: t.nav.share, root: this.share.root, onShow: () => this.share.focus() },
      {
        id: "links",
        title: t.nav.links,
        root: this.links.root,
        onShow: () => {
          this.links.onShow();
          this.links.remind.soon();
          void this.markSeen();
        },
      },
      { id: "settings", title: t.nav.settings, root: this.settings.root, onShow: () => this.settings.onShow() },
    ], this.ambiguous.root);
    this.shell.root.querySelector("#nav-links")?.append(this.links.remind.badge);
    this.updates = new UpdatesCard(this, (s) => this.setUpdate(s));
    this.settings.root.append(this.updates.root);
    this.setUpdate(this.updateStatus);
    this.shell.onRetryKeys = () => void this.retryKeys();
    this.container.replaceChildren(this.shell.root);
    this.applyInfo();
    this.shell.setUnseen(this.unseen);
    if (sales.length > 0) this.ambiguous.set(sales);
    if (current) {
      this.share.show(current);
      this.shell.setTabShown("share", true);
    }
    this.shell.show(view);
    if (performance.getEntriesByName(START_READY_MARK).length === 0) performance.mark(START_READY_MARK);
    // Linkler's first page, drawn in the background while the owner looks at another view: opening
    // the list then shows it at once (and re-reads it). A while after the views are built, so it
    // never delays the amount field; again after a language switch (new views).
    clearTimeout(this.prefetchTimer);
    this.schedulePrefetch(PREFETCH_AFTER_MS);
  }

  private applyInfo(): void {
    const info = this.appInfo;
    if (!info) return;
    this.shell.setMode(info);
    this.create.setInfo(info);
    this.settings.setInfo(info);
  }
}
