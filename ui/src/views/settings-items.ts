// Ayarlar "Hızlı ürünler" (issue 11 §3): the saved items in the owner's order, added and edited
// in a small form, deleted after asking once more, moved with up/down buttons (the first six are
// the new-link form's quick buttons), and moved in and out as CSV with the result said plainly.

import {
  deleteSavedItem,
  exportSavedItemsCsv,
  importSavedItemsCsv,
  listSavedItems,
  reorderSavedItems,
  saveSavedItem,
  toAppError,
  type AppError,
  type ExpiryChoice,
  type ImportResult,
  type LinkType,
  type ProviderName,
  type SavedItem,
  type SavedItemInput,
} from "../ipc";
import type { Ctx } from "../context";
import { armed, button, h, option } from "../dom";
import { busyWhile } from "./status";
import "../styles-items.css";

/** How many items the new-link form shows as buttons. */
export const QUICK_BUTTONS = 6;

type Key = "name" | "amount" | "description" | "provider" | "expiry" | "installments" | "link-type" | "flex-max";

/** The form's fields by the names Rust reports problems on. */
const FIELDS: Record<string, Key> = {
  name: "name",
  amount: "amount",
  currency: "amount",
  description: "description",
  provider: "provider",
  expiry: "expiry",
  maxInstallment: "installments",
  linkType: "link-type",
  flexMax: "flex-max",
};

type Preset = "d1" | "d3" | "d7" | "none";
const PRESETS: Record<Preset, ExpiryChoice> = {
  d1: { kind: "days", days: 1 },
  d3: { kind: "days", days: 3 },
  d7: { kind: "days", days: 7 },
  none: { kind: "none" },
};
const isPreset = (k: string): k is Preset => k in PRESETS;

function sameExpiry(a: ExpiryChoice, b: ExpiryChoice): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class ItemsCard {
  readonly root: HTMLFieldSetElement;
  private items: SavedItem[] = [];
  private editing: SavedItem | null = null;
  /** The edited item's expiry when it is none of the presets (kept unless changed). */
  private customExpiry: ExpiryChoice | null = null;
  private readonly list: HTMLOListElement;
  private readonly empty: HTMLElement;
  private readonly form: HTMLFormElement;
  private readonly formHeading: HTMLElement;
  private readonly formError: HTMLElement;
  private readonly controls = new Map<Key, HTMLInputElement | HTMLSelectElement>();
  private readonly blocks = new Map<Key, HTMLElement>();
  private readonly errors = new Map<Key, HTMLElement>();
  private readonly saveButton: HTMLButtonElement;
  private readonly askedHint: HTMLElement;
  private readonly addButton: HTMLButtonElement;
  private readonly result: HTMLElement;

  constructor(private readonly ctx: Ctx) {
    const t = ctx.t.items;
    const c = ctx.t.create;
    this.list = h("ol", { id: "items-list", class: "items-list" });
    this.empty = h("p", { id: "items-empty", class: "hint", hidden: true }, t.empty);
    this.formHeading = h("h3", { id: "item-form-heading" });
    this.formError = h("p", { id: "item-form-error", class: "form-error", role: "alert", hidden: true });

    this.saveButton = h("button", { id: "item-save", type: "submit", class: "primary" }, t.save);
    this.askedHint = h("p", { id: "item-asked-hint", class: "hint", hidden: true }, t.askedHint);
    const installments = [option("1", c.installmentSingle, true)];
    for (let n = 2; n <= 12; n++) installments.push(option(String(n), c.installments(n)));
    this.form = h(
      "form",
      { id: "item-form", class: "item-form", novalidate: true, autocomplete: "off", hidden: true, "aria-labelledby": "item-form-heading" },
      this.formHeading,
      this.field("name", t.nameLabel, h("input", { type: "text", maxlength: "200", placeholder: t.namePlaceholder })),
      h(
        "div",
        { class: "row two" },
        this.field("amount", t.amountLabel, h("input", { type: "text", inputmode: "decimal", placeholder: c.amountPlaceholder })),
        this.field("provider", t.providerLabel, h("select", {}, option("", t.providerDefault, true), option("paynet", ctx.t.provider.paynet), option("paytr", ctx.t.provider.paytr), option("iyzico", ctx.t.provider.iyzico))),
      ),
      this.askedHint,
      this.field("description", t.descriptionLabel, h("input", { type: "text", placeholder: t.descriptionPlaceholder })),
      h(
        "div",
        { class: "row two" },
        this.field("expiry", t.expiryLabel, h("select", {})),
        this.field("installments", c.installmentLabel, h("select", {}, ...installments)),
      ),
      h(
        "div",
        { class: "row two" },
        this.field("link-type", c.linkTypeLabel, h("select", {}, option("product", c.linkTypeProduct, true), option("collection", c.linkTypeCollection), option("flex", c.linkTypeFlex))),
        this.field("flex-max", c.flexMaxLabel, h("input", { type: "text", inputmode: "decimal", placeholder: c.amountPlaceholder })),
      ),
      this.formError,
      h(
        "div",
        { class: "actions" },
        this.saveButton,
        button({ id: "item-cancel", class: "secondary" }, t.cancel, () => this.closeForm()),
      ),
    );
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      void busyWhile(this.saveButton, () => this.submit());
    });
    for (const k of ["provider", "link-type"] as const) this.control(k).addEventListener("change", () => this.applyProvider());

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
      this.form,
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

  private field(key: Key, label: string, control: HTMLInputElement | HTMLSelectElement): HTMLElement {
    const id = `item-${key}`;
    control.id = id;
    control.setAttribute("aria-describedby", `${id}-error`);
    const error = h("p", { id: `${id}-error`, class: "field-error", role: "alert", hidden: true });
    const block = h("div", { class: "field" }, h("label", { for: id }, label), control, error);
    this.controls.set(key, control);
    this.errors.set(key, error);
    this.blocks.set(key, block);
    return block;
  }

  private control(k: Key): HTMLInputElement | HTMLSelectElement {
    return this.controls.get(k)!;
  }

  private block(k: Key): HTMLElement {
    return this.blocks.get(k)!;
  }

  private value(k: Key): string {
    return this.control(k).value;
  }

  /** What the list says about an item besides its name. */
  private meta(item: SavedItem): string {
    const t = this.ctx.t;
    const parts = [item.amountMinor === null ? t.items.asked : `${item.amount} ${item.currency}`];
    parts.push(item.provider ? t.provider[item.provider] : t.items.providerDefault);
    parts.push(this.expiryText(item.expiry));
    if (item.maxInstallment > 1) parts.push(t.create.installments(item.maxInstallment));
    if (item.linkType !== "product") parts.push(item.linkType === "flex" ? t.create.linkTypeFlex : t.create.linkTypeCollection);
    return parts.join(" · ");
  }

  private expiryText(e: ExpiryChoice): string {
    const t = this.ctx.t;
    switch (e.kind) {
      case "days":
        return t.items.days(e.days);
      case "hours":
        return t.items.hours(e.hours);
      case "at":
        return new Date(`${e.at}:00`).toLocaleString(t.locale, { dateStyle: "short", timeStyle: "short" });
      default:
        return t.share.noExpiry;
    }
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
        h("span", { class: "item-name", id: nameId }, item.name, index < QUICK_BUTTONS ? h("span", { class: "item-quick", title: t.quickHint }, t.quick) : null),
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
    if (this.editing?.id === item.id) this.closeForm();
    await this.load();
    const next = this.items[Math.min(index, this.items.length - 1)];
    if (next) this.render(this.items, { id: next.id, action: "edit" });
    else this.addButton.focus();
  }

  private expiryOptions(current: ExpiryChoice): void {
    const t = this.ctx.t;
    const select = this.control("expiry") as HTMLSelectElement;
    const preset = (Object.keys(PRESETS) as Preset[]).find((k) => sameExpiry(PRESETS[k], current));
    this.customExpiry = preset ? null : current;
    select.replaceChildren(
      option("d1", t.items.days(1)),
      option("d3", t.items.days(3)),
      option("d7", t.items.days(7)),
      option("none", t.share.noExpiry),
      ...(this.customExpiry ? [option("custom", this.expiryText(this.customExpiry))] : []),
    );
    select.value = preset ?? "custom";
  }

  private openForm(item: SavedItem | null): void {
    const t = this.ctx.t.items;
    this.editing = item;
    this.formHeading.textContent = item ? t.editHeading(item.name) : t.newHeading;
    const set = (k: Key, v: string) => (this.control(k).value = v);
    set("name", item?.name ?? "");
    set("amount", item?.amount ?? "");
    set("description", item?.description ?? "");
    set("provider", item?.provider ?? "");
    set("installments", String(item?.maxInstallment ?? 1));
    set("link-type", item?.linkType ?? "product");
    set("flex-max", item?.flexMax ?? "");
    this.expiryOptions(item?.expiry ?? PRESETS.d3);
    this.clearErrors();
    this.applyProvider();
    this.form.hidden = false;
    this.addButton.hidden = true;
    this.control("name").focus();
  }

  private closeForm(): void {
    const id = this.editing?.id;
    this.editing = null;
    this.form.hidden = true;
    this.addButton.hidden = false;
    const row = id === undefined ? null : this.list.querySelector<HTMLButtonElement>(`[data-id="${id}"] .item-edit`);
    (row ?? this.addButton).focus();
  }

  /** PayTR's own fields only for PayTR; installments also for "the form's choice" (PayTR may be it). */
  private applyProvider(): void {
    const provider = this.value("provider");
    const paytr = provider === "paytr";
    this.block("installments").hidden = !(paytr || provider === "");
    this.block("link-type").hidden = !paytr;
    const flex = paytr && this.value("link-type") === "flex";
    this.block("flex-max").hidden = !flex;
    this.askedHint.hidden = !flex;
  }

  private input(): SavedItemInput {
    const provider = (this.value("provider") || null) as ProviderName | null;
    const paytr = provider === "paytr";
    const expiryKey = this.value("expiry");
    const expiry = isPreset(expiryKey) ? PRESETS[expiryKey] : (this.customExpiry ?? PRESETS.d3);
    const linkType = (paytr ? this.value("link-type") : "product") as LinkType;
    return {
      id: this.editing?.id ?? null,
      name: this.value("name"),
      amount: this.value("amount"),
      currency: this.editing?.currency ?? "TL",
      description: this.value("description"),
      provider,
      expiry,
      maxInstallment: paytr || provider === null ? Number(this.value("installments")) : 1,
      linkType,
      flexMax: linkType === "flex" ? this.value("flex-max") : null,
    };
  }

  private async submit(): Promise<void> {
    this.clearErrors();
    try {
      const saved = await saveSavedItem(this.input());
      this.ctx.toast(this.ctx.t.items.saved(saved.name));
      this.editing = saved;
      this.form.hidden = true;
      this.addButton.hidden = false;
      this.render(await listSavedItems(), { id: saved.id, action: "edit" });
      this.editing = null;
    } catch (err) {
      this.showErrors(toAppError(err));
    }
  }

  private clearErrors(): void {
    for (const [k, e] of this.errors) {
      e.hidden = true;
      e.textContent = "";
      this.block(k).classList.remove("invalid");
    }
    this.formError.hidden = true;
  }

  /** Each problem under its field, the first field focused; others above the buttons. */
  private showErrors(err: AppError): void {
    const loose: string[] = [];
    let first: HTMLElement | null = null;
    for (const f of err.fields ?? []) {
      const k = FIELDS[f.field];
      const e = k && this.errors.get(k);
      if (!k || !e || this.block(k).hidden) {
        loose.push(f.message);
        continue;
      }
      e.textContent = e.textContent ? `${e.textContent} ${f.message}` : f.message;
      e.hidden = false;
      this.block(k).classList.add("invalid");
      first ??= this.control(k);
    }
    if (!err.fields?.length) loose.push(err.message);
    this.formError.textContent = loose.join(" ");
    this.formError.hidden = loose.length === 0;
    (first ?? this.control("name")).focus();
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
    this.say(changed === 0 && skipped.length === 0 ? t.importNothing : t.importSummary(done.added, done.updated, done.skipped));
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
