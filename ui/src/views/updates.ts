// Ayarlar's "Güncellemeler" card: "Yeni sürüm hazır — Güncelle" once a newer version is downloaded
// and its signature checked, the daily-check switch and "Şimdi denetle". Nothing installs until the
// owner presses "Güncelle" (Rust also refuses it while a link is being created).

import { checkForUpdate, installUpdate, setUpdateChecks, toAppError, type UpdateStatus } from "../ipc";
import type { Ctx } from "../context";
import { button, h } from "../dom";
import { busyWhile } from "./status";
import "../styles-updates.css";

export class UpdatesCard {
  readonly root: HTMLElement;
  private readonly line: HTMLElement;
  private readonly lineText: HTMLElement;
  private readonly ready: HTMLElement;
  private readonly readyHint: HTMLElement;
  private readonly install: HTMLButtonElement;
  private readonly checkNow: HTMLButtonElement;
  private readonly auto: HTMLInputElement;
  private readonly current: HTMLElement;
  private readonly error: HTMLElement;

  constructor(
    private readonly ctx: Ctx,
    /** Every status this card learns goes back to the app (the quiet badge on the tab). */
    private readonly onStatus: (status: UpdateStatus) => void,
  ) {
    const u = ctx.t.updates;
    this.install = button({ id: "update-install", class: "primary" }, u.install, () => void this.runInstall());
    this.ready = h("p", { id: "update-ready", class: "update-ready", hidden: true }, h("strong", {}, u.ready), " — ", this.install);
    this.readyHint = h("p", { id: "update-ready-hint", class: "hint", hidden: true });
    this.lineText = h("span", { id: "update-line-text" });
    this.line = h("p", { id: "update-line", class: "update-line", role: "status" }, this.lineText);
    this.error = h("p", { id: "update-error", class: "field-error", role: "alert", hidden: true });
    this.auto = h("input", { type: "checkbox", id: "update-auto" });
    this.auto.addEventListener("change", () => void this.setAuto(this.auto.checked));
    this.checkNow = button({ id: "update-check", class: "secondary small" }, u.checkNow, () => void this.runCheck());
    this.current = h("p", { id: "update-current", class: "hint" });
    this.root = h(
      "section",
      { id: "updates", class: "card updates" },
      h("h2", {}, u.heading),
      this.ready,
      this.readyHint,
      this.line,
      this.error,
      h("label", { class: "check" }, this.auto, u.auto),
      h("div", { class: "actions" }, this.checkNow),
      this.current,
    );
    this.root.hidden = true;
  }

  /** Draws what Rust says; an app without an updater (no answer) shows no card. */
  show(s: UpdateStatus | null | undefined): void {
    const u = this.ctx.t.updates;
    this.root.hidden = !s;
    if (!s) return;
    const offer = s.phase === "ready" || (s.phase === "failed" && Boolean(s.version));
    this.ready.hidden = s.phase !== "ready";
    this.readyHint.hidden = s.phase !== "ready";
    this.readyHint.textContent = s.phase === "ready" ? u.readyHint(s.version ?? "") : "";
    this.install.hidden = !offer;
    // After a failed install the same download can be tried again, from the message's line.
    if (s.phase === "failed") this.line.append(this.install);
    else if (this.install.parentElement !== this.ready) this.ready.append(this.install);
    this.line.className = `update-line ${s.phase}`;
    this.lineText.textContent = this.text(s);
    this.line.hidden = s.phase === "ready";
    this.auto.checked = s.checks;
    this.checkNow.disabled = s.phase === "checking" || s.phase === "installing";
    this.current.textContent = u.current(s.currentVersion);
  }

  private text(s: UpdateStatus): string {
    const u = this.ctx.t.updates;
    switch (s.phase) {
      case "checking":
        return u.checking;
      case "upToDate":
        return u.upToDate;
      case "offline":
        return u.offline;
      case "installing":
        return u.installing;
      case "refused":
      case "failed":
        return s.message ?? "";
      case "ready":
        return "";
      case "idle":
        return s.checks ? u.idle : u.off;
    }
  }

  private said(s: UpdateStatus | undefined): void {
    if (!s) return;
    this.show(s);
    this.onStatus(s);
  }

  private setError(message: string | undefined): void {
    this.error.textContent = message ?? "";
    this.error.hidden = !message;
  }

  private async runCheck(): Promise<void> {
    this.setError(undefined);
    await busyWhile(this.checkNow, async () => {
      try {
        this.said(await checkForUpdate());
      } catch (err) {
        this.setError(toAppError(err).message);
      }
    });
  }

  private async setAuto(on: boolean): Promise<void> {
    this.setError(undefined);
    try {
      this.said(await setUpdateChecks(on));
      this.ctx.toast(this.ctx.t.toast.saved);
    } catch (err) {
      this.auto.checked = !on;
      this.setError(toAppError(err).message);
    }
  }

  /** On success the app restarts (Windows: the installer closes it), so only a refusal answers. */
  private async runInstall(): Promise<void> {
    this.setError(undefined);
    await busyWhile(this.install, async () => {
      try {
        await installUpdate();
      } catch (err) {
        this.setError(toAppError(err).message);
      }
    });
  }
}
