// Two small Ayarlar cards kept apart from the credentials view: the PayTR matching choice
// ("başka yerde de satış yapıyor", issue 8 §3) and "Destek paketi oluştur" (issue 8 §2).

import { createSupportPackage, toAppError, type SettingsDto } from "../ipc";
import type { Ctx } from "../context";
import { button, h } from "../dom";
import { busyWhile } from "./status";

export class SupportCards {
  /** The two cards, placed by the settings view. */
  readonly nodes: HTMLElement[];
  private readonly elsewhere: HTMLInputElement;

  constructor(
    private readonly ctx: Ctx,
    patch: (change: Partial<SettingsDto>) => Promise<void>,
  ) {
    const s = ctx.t.settings;
    this.elsewhere = h("input", { type: "checkbox", id: "paytr-elsewhere", "aria-describedby": "paytr-elsewhere-hint" });
    this.elsewhere.addEventListener("change", () => void patch({ paytrSellsElsewhere: this.elsewhere.checked }));
    const create: HTMLButtonElement = button({ id: "support-package", class: "small" }, s.supportCreate, () =>
      void busyWhile(create, () => this.create()),
    );
    this.nodes = [
      h(
        "fieldset",
        { id: "paytr-matching", class: "card in-use" },
        h("legend", {}, ctx.t.provider.paytr),
        h("label", { class: "check" }, this.elsewhere, s.paytrElsewhere),
        h("p", { id: "paytr-elsewhere-hint", class: "hint" }, s.paytrElsewhereHint),
      ),
      h(
        "fieldset",
        { id: "support", class: "card in-use" },
        h("legend", {}, s.supportHeading),
        h("p", { class: "hint" }, s.supportHint),
        create,
      ),
    ];
  }

  setSettings(st: SettingsDto): void {
    this.elsewhere.checked = st.paytrSellsElsewhere;
  }

  private async create(): Promise<void> {
    try {
      const path = await createSupportPackage();
      if (path) this.ctx.toast(this.ctx.t.settings.supportSaved(path));
    } catch (err) {
      this.ctx.toast(toAppError(err).message, "error");
    }
  }
}
