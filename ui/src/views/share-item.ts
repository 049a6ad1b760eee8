// "Bu linki ürün olarak kaydet" on Paylaş: the link's amount, description, provider, expiry and
// options become a saved item, under a name the owner may change (its description at first).
// The next "Yeni link" offers it as a quick button and in the type-ahead. Ids are share-item-*:
// Ayarlar's item form (item-*) is in the page at the same time.

import { saveLinkAsItem, toAppError, type LinkDto } from "../ipc";
import type { Ctx } from "../context";
import { button, h } from "../dom";
import { busyWhile } from "./status";

/** The longest item name (the core's items::NAME_MAX): a button's label. */
const NAME_MAX = 60;

/** The description's first `NAME_MAX` characters (whole characters, not UTF-16 halves), trimmed. */
export function nameFrom(description: string): string {
  return Array.from(description.trim()).slice(0, NAME_MAX).join("").trim();
}

export class ShareItem {
  readonly root: HTMLElement;
  private readonly form: HTMLFormElement;
  private readonly name: HTMLInputElement;
  private readonly error: HTMLElement;
  private readonly done: HTMLElement;
  private readonly opener: HTMLButtonElement;

  constructor(
    private readonly ctx: Ctx,
    private readonly link: LinkDto,
  ) {
    const t = ctx.t.itemSave;
    this.opener = button({ id: "save-as-item", class: "secondary" }, t.open, () => this.openForm());
    this.name = h("input", {
      id: "share-item-name",
      type: "text",
      spellcheck: "false",
      autocomplete: "off",
      value: nameFrom(link.description),
      "aria-describedby": "share-item-name-hint share-item-name-error",
    });
    this.error = h("p", { id: "share-item-name-error", class: "field-error", role: "alert", hidden: true });
    const save = h("button", { id: "share-item-save", type: "submit", class: "primary" }, t.save);
    const cancel = button({ id: "share-item-cancel", class: "link-button" }, t.cancel, () => this.closeForm());
    this.form = h(
      "form",
      { id: "item-save-form", class: "item-save-form", novalidate: true, hidden: true },
      h("label", { for: "share-item-name" }, t.nameLabel),
      this.name,
      h("p", { id: "share-item-name-hint", class: "hint" }, t.nameHint),
      this.error,
      h("div", { class: "button-row" }, save, cancel),
    );
    this.name.addEventListener("input", () => this.showError(null));
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      void busyWhile(save, () => this.save());
    });
    this.done = h("p", { id: "item-saved", class: "item-saved", role: "status", hidden: true });
    this.root = h("div", { class: "share-item" }, this.opener, this.form, this.done);
  }

  private openForm(): void {
    this.done.hidden = true;
    this.opener.hidden = true;
    this.form.hidden = false;
    this.name.focus();
    this.name.select();
  }

  private closeForm(): void {
    this.form.hidden = true;
    this.opener.hidden = false;
    this.showError(null);
    this.opener.focus();
  }

  private async save(): Promise<void> {
    try {
      const item = await saveLinkAsItem(this.link.id, this.name.value);
      this.form.hidden = true;
      this.opener.hidden = false;
      this.done.textContent = this.ctx.t.itemSave.saved(item?.name ?? this.name.value.trim());
      this.done.hidden = false;
    } catch (err) {
      // A name already used, an empty one, a link that cannot be an item: the core's own words.
      const e = toAppError(err);
      const field = e.fields?.find((f) => f.field === "name") ?? e.fields?.[0];
      this.showError(field?.message || e.message || this.ctx.t.errors.unexpected);
      this.name.focus();
    }
  }

  private showError(message: string | null): void {
    this.error.textContent = message ?? "";
    this.error.hidden = !message;
    this.name.toggleAttribute("aria-invalid", Boolean(message));
  }
}
