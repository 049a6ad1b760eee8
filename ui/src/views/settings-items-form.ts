// The Ayarlar item form ("Ürün ekle" / "Düzenle", issue 11 §3): the link form's fields an item
// keeps, PayTR's own only for PayTR, an expiry that is none of the presets kept as it is, and
// Rust's refusals under their fields.

import {
  saveSavedItem,
  toAppError,
  type AppError,
  type ExpiryChoice,
  type LinkType,
  type ProviderName,
  type SavedItem,
  type SavedItemInput,
} from "../ipc";
import type { Ctx } from "../context";
import type { Catalogue } from "../i18n";
import { button, h, option } from "../dom";
import { busyWhile } from "./status";

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

// No "Süresiz": Yeni link offers it for no provider but iyzico (whose items get it by
// themselves), so an item kept with it would make a link that expires after all.
type Preset = "d1" | "d3" | "d7";
const PRESETS: Record<Preset, ExpiryChoice> = {
  d1: { kind: "days", days: 1 },
  d3: { kind: "days", days: 3 },
  d7: { kind: "days", days: 7 },
};
const NO_EXPIRY: ExpiryChoice = { kind: "none" };
const isPreset = (k: string): k is Preset => k in PRESETS;

function sameExpiry(a: ExpiryChoice, b: ExpiryChoice): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** "3 gün", "36 saat", a date, "Süresiz". */
export function expiryText(t: Catalogue, e: ExpiryChoice): string {
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

export class ItemForm {
  readonly root: HTMLFormElement;
  private editing: SavedItem | null = null;
  /** The edited item's expiry when it is none of the presets (kept unless changed). */
  private customExpiry: ExpiryChoice | null = null;
  private readonly formHeading: HTMLElement;
  private readonly formError: HTMLElement;
  private readonly controls = new Map<Key, HTMLInputElement | HTMLSelectElement>();
  private readonly blocks = new Map<Key, HTMLElement>();
  private readonly errors = new Map<Key, HTMLElement>();
  private readonly saveButton: HTMLButtonElement;
  private readonly askedHint: HTMLElement;

  /** `closed`: after a save (with the saved item) or "Vazgeç" (null, and the item that was open). */
  constructor(
    private readonly ctx: Ctx,
    private readonly closed: (saved: SavedItem | null, was: number | undefined) => void,
  ) {
    const t = ctx.t.items;
    const c = ctx.t.create;
    this.formHeading = h("h3", { id: "item-form-heading" });
    this.formError = h("p", { id: "item-form-error", class: "form-error", role: "alert", hidden: true });

    this.saveButton = h("button", { id: "item-save", type: "submit", class: "primary" }, t.save);
    this.askedHint = h("p", { id: "item-asked-hint", class: "hint", hidden: true }, t.askedHint);
    const installments = [option("1", c.installmentSingle, true)];
    for (let n = 2; n <= 12; n++) installments.push(option(String(n), c.installments(n)));
    this.root = h(
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
        button({ id: "item-cancel", class: "secondary" }, t.cancel, () => this.close()),
      ),
    );
    this.root.addEventListener("submit", (e) => {
      e.preventDefault();
      void busyWhile(this.saveButton, () => this.submit());
    });
    for (const k of ["provider", "link-type"] as const) this.control(k).addEventListener("change", () => this.applyProvider());

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

  private expiryOptions(current: ExpiryChoice): void {
    const t = this.ctx.t;
    const select = this.control("expiry") as HTMLSelectElement;
    const preset = (Object.keys(PRESETS) as Preset[]).find((k) => sameExpiry(PRESETS[k], current));
    this.customExpiry = preset ? null : current;
    select.replaceChildren(
      option("d1", t.items.days(1)),
      option("d3", t.items.days(3)),
      option("d7", t.items.days(7)),
      ...(this.customExpiry ? [option("custom", expiryText(this.ctx.t, this.customExpiry))] : []),
    );
    select.value = preset ?? "custom";
  }

  open(item: SavedItem | null): void {
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
    // An iyzico item's "none" is not the owner's choice: the next provider starts at 3 days.
    this.expiryOptions(item?.provider === "iyzico" ? PRESETS.d3 : (item?.expiry ?? PRESETS.d3));
    this.clearErrors();
    this.applyProvider();
    this.root.hidden = false;
    this.control("name").focus();
  }

  /** The item open for editing, if any. */
  get editingId(): number | undefined {
    return this.root.hidden ? undefined : this.editing?.id;
  }

  /** "Vazgeç" (or the open item was deleted): nothing saved. */
  close(): void {
    this.finish(null);
  }

  private finish(saved: SavedItem | null): void {
    const was = this.editing?.id;
    this.editing = null;
    this.root.hidden = true;
    this.closed(saved, was);
  }

  /** PayTR's own fields only for PayTR; installments also for "the form's choice" (PayTR may be it). */
  private applyProvider(): void {
    const provider = this.value("provider");
    const paytr = provider === "paytr";
    this.block("installments").hidden = !(paytr || provider === "");
    // iyzico links have no expiry: nothing to choose.
    this.block("expiry").hidden = provider === "iyzico";
    this.block("link-type").hidden = !paytr;
    const flex = paytr && this.value("link-type") === "flex";
    this.block("flex-max").hidden = !flex;
    this.askedHint.hidden = !flex;
  }

  private input(): SavedItemInput {
    const provider = (this.value("provider") || null) as ProviderName | null;
    const paytr = provider === "paytr";
    const expiryKey = this.value("expiry");
    const chosen = isPreset(expiryKey) ? PRESETS[expiryKey] : (this.customExpiry ?? PRESETS.d3);
    const expiry = provider === "iyzico" ? NO_EXPIRY : chosen;
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
      this.finish(saved);
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

}
