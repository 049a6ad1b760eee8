// Ayarlar "Hızlı ürünler" (issue 11 §3): the saved items in the owner's order, added and edited
// in a small form (settings-items-form.ts), deleted after asking once more, moved with up/down buttons (the first six are
// the new-link form's quick buttons), and moved in and out as CSV with the result said plainly.

import {
  deleteSavedItem,
  exportSavedItemsCsv,
  importSavedItemsCsv,
  listSavedItems,
  reorderSavedItems,
  toAppError,
  type ImportResult,
  type SavedItem,
} from "../ipc";
import type { Ctx } from "../context";
import { armed, button, h } from "../dom";
import { busyWhile } from "./status";
import { expiryText, ItemForm } from "./settings-items-form";
import { QUICK_MAX } from "./create-items";
import "../styles-items.css";

export class ItemsCard {
  readonly root: HTMLFieldSetElement;
  private items: SavedItem[] = [];
  private readonly list: HTMLOListElement;
  private readonly empty: HTMLElement;
  private readonly form: ItemForm;
  private readonly addButton: HTMLButtonElement;
  private readonly result: HTMLElement;

  constructor(private readonly ctx: Ctx) {
    const t = ctx.t.items;
    this.list = h("ol", { id: "items-list", class: "items-list" });
    this.empty = h("p", { id: "items-empty", class: "hint", hidden: true }, t.empty);
    this.form = new ItemForm(ctx, (saved, was) => void this.formClosed(saved, was));
    this.addButton = button({ id: "item-add", class: "secondary" }, t.add, () => this.openForm(null));
    const exportButton: HTMLButtonElement = button({ id: "items-export", class: "small" }, t.exportCsv, () =>
      void busyWhile(exportButton, () => this.exportCsv()),
    );
    const importButton: HTMLButtonElement = button({ id: "items-import", class: "small" }, t.importCsv, () =>
      void busyWhile(importButton, () => this.importCsv()),
    );
    this.result = h("div", { id: "items-result", class: "items-result", role: "status", hidden: true });
    this.root = h(
      "fieldset",
      { id: "saved-items", class: "card items-card" },
      h("legend", {}, t.heading),
      h("p", { class: "hint" }, t.hint),
      this.list,
      this.empty,
      h("div", { class: "actions" }, this.addButton),
      this.form.root,
      h("p", { class: "hint items-csv-hint" }, t.csvHint),
      h("div", { class: "actions items-csv" }, exportButton, importButton),
      this.result,
    );
  }

  /** Reads the items again (when Ayarlar opens: Paylaş may have saved one meanwhile). */
  async load(): Promise<void> {
    try {
      this.render(await listSavedItems());
    } catch (err) {
      this.ctx.toast(toAppError(err).message, "error");
    }
  }

  /** What the list says about an item besides its name. */
  private meta(item: SavedItem): string {
    const t = this.ctx.t;
    const parts = [item.amountMinor === null ? t.items.asked : `${item.amount} ${item.currency}`];
    parts.push(item.provider ? t.provider[item.provider] : t.items.providerDefault);
    parts.push(expiryText(this.ctx.t, item.expiry));
    if (item.maxInstallment > 1) parts.push(t.create.installments(item.maxInstallment));
    if (item.linkType !== "product") parts.push(item.linkType === "flex" ? t.create.linkTypeFlex : t.create.linkTypeCollection);
    return parts.join(" · ");
  }

  /** Draws the list; `focus` puts the keyboard back on a button of a moved or edited row. */
  private render(items: SavedItem[], focus?: { id: number; action: string }): void {
    this.items = items;
    this.empty.hidden = items.length > 0;
    this.list.replaceChildren(...items.map((item, i) => this.row(item, i)));
    if (focus) {
      const row = this.list.querySelector<HTMLElement>(`[data-id="${focus.id}"]`);
      const wanted = row?.querySelector<HTMLButtonElement>(`.item-${focus.action}:not(:disabled)`);
      (wanted ?? row?.querySelector<HTMLButtonElement>("button:not(:disabled)"))?.focus();
    }
  }

  private row(item: SavedItem, index: number): HTMLElement {
    const t = this.ctx.t.items;
    const last = index === this.items.length - 1;
    const up = button({ class: "small item-up", "aria-label": t.upLabel(item.name), title: t.up, disabled: index === 0 }, "↑", () =>
      void this.move(item, -1),
    );
    const down = button({ class: "small item-down", "aria-label": t.downLabel(item.name), title: t.down, disabled: last }, "↓", () =>
      void this.move(item, 1),
    );
    // Named by the item's name beside them; "Emin misiniz?" stays their own text when armed.
    const nameId = `item-name-${item.id}`;
    const edit = button({ class: "small item-edit", "aria-describedby": nameId }, t.edit, () => this.openForm(item));
    const remove = armed({ class: "danger small item-remove", "aria-describedby": nameId }, t.remove, () => this.ctx.t.common.confirmAgain, () =>
      void this.remove(item),
    );
    return h(
      "li",
      { class: "item-row", "data-id": String(item.id) },
      h(
        "div",
        { class: "item-main" },
        h("span", { class: "item-name", id: nameId }, item.name, index < QUICK_MAX ? h("span", { class: "item-quick", title: t.quickHint }, t.quick) : null),
        h("span", { class: "item-meta" }, this.meta(item)),
        item.description && item.description !== item.name ? h("span", { class: "item-description" }, item.description) : null,
      ),
      h("div", { class: "item-actions" }, up, down, edit, remove),
    );
  }

  private async move(item: SavedItem, delta: number): Promise<void> {
    const ids = this.items.map((i) => i.id);
    const from = ids.indexOf(item.id);
    const to = from + delta;
    const other = ids[to];
    if (from < 0 || other === undefined) return;
    [ids[from], ids[to]] = [other, item.id];
    try {
      this.render(await reorderSavedItems(ids), { id: item.id, action: delta < 0 ? "up" : "down" });
      this.ctx.toast(this.ctx.t.items.moved(item.name, to + 1));
    } catch (err) {
      this.ctx.toast(toAppError(err).message, "error");
      await this.load();
    }
  }

  private async remove(item: SavedItem): Promise<void> {
    const index = this.items.findIndex((i) => i.id === item.id);
    try {
      await deleteSavedItem(item.id);
      this.ctx.toast(this.ctx.t.items.removed(item.name));
    } catch (err) {
      this.ctx.toast(toAppError(err).message, "error");
    }
    if (this.form.editingId === item.id) this.form.close();
    await this.load();
    const next = this.items[Math.min(index, this.items.length - 1)];
    if (next) this.render(this.items, { id: next.id, action: "edit" });
    else this.addButton.focus();
  }

  private openForm(item: SavedItem | null): void {
    this.addButton.hidden = true;
    this.form.open(item);
  }

  /** After a save the list is read again; the focus goes back to the item (or "Ürün ekle"). */
  private async formClosed(saved: SavedItem | null, was: number | undefined): Promise<void> {
    this.addButton.hidden = false;
    if (saved) {
      try {
        this.render(await listSavedItems(), { id: saved.id, action: "edit" });
      } catch (err) {
        this.ctx.toast(toAppError(err).message, "error");
      }
      return;
    }
    const row = was === undefined ? null : this.list.querySelector<HTMLButtonElement>(`[data-id="${was}"] .item-edit`);
    (row ?? this.addButton).focus();
  }

  private async exportCsv(): Promise<void> {
    try {
      const done = await exportSavedItemsCsv();
      if (done) this.say(this.ctx.t.items.exported(done.rows, done.path));
    } catch (err) {
      this.say(toAppError(err).message, true);
    }
  }

  private async importCsv(): Promise<void> {
    let done: ImportResult | null;
    try {
      done = await importSavedItemsCsv();
    } catch (err) {
      this.say(toAppError(err).message, true);
      return;
    }
    if (!done) return;
    const t = this.ctx.t.items;
    const changed = done.added + done.updated;
    const skipped = done.lines.filter((l) => l.kind === "skipped");
    this.say(changed === 0 && skipped.length === 0 ? t.importNothing : t.importSummary(done.added, done.updated, done.unchanged, done.skipped));
    if (skipped.length) {
      this.result.append(h("ul", { class: "items-skipped" }, ...skipped.map((l) => h("li", {}, t.importLine(l.line, l.name, l.reason ?? "")))));
    }
    await this.load();
  }

  /** The CSV result, in words, under the buttons (it stays until the next one). */
  private say(message: string, error = false): void {
    this.result.hidden = false;
    this.result.classList.toggle("error", error);
    this.result.replaceChildren(h("p", {}, message));
  }
}
