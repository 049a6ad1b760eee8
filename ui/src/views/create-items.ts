// "Yeni link"'s saved items (hızlı ürünler): up to six quick buttons above the form and a
// type-ahead under the description. Picking one fills the form with what the item holds (the
// customer stays the owner's to type); the form then puts the focus where Enter creates the link.
// Ids are stable for the end-to-end tests.

import { listSavedItems, toAppError, type ExpiryChoice, type ProviderName, type SavedItem } from "../ipc";
import type { Ctx } from "../context";
import { h } from "../dom";
import { istanbulLocalInput } from "../format";
import { providerFields, type CreateFields } from "./create-fields";

/** Quick buttons: the first ones in the owner's order (Ayarlar > Hızlı ürünler). */
export const QUICK_MAX = 6;
/** Type-ahead rows at most. */
export const SUGGEST_MAX = 8;

/** The expiry choices the form offers as such; others become its custom hours or date. */
const LISTED_DAYS = [1, 3, 7];

export class CreateItems {
  /** The quick buttons' row, hidden while there are no saved items. */
  readonly quick: HTMLElement;
  /** What a pick filled in (beside the button the focus moves to). */
  readonly note: HTMLElement;
  /** Why a pick filled nothing in (under the quick buttons, near where the owner picked). */
  readonly warning: HTMLElement;
  private readonly quickButtons: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly description: HTMLInputElement;
  /** The suggestions shown now. */
  private shown: SavedItem[] = [];
  private active = -1;
  private searchSeq = 0;
  private loadSeq = 0;
  /** A search is on its way: an Enter now waits for it instead of creating. */
  private searching = false;
  private enterWaiting = false;

  constructor(
    private readonly ctx: Ctx,
    private readonly fields: CreateFields,
    private readonly picked: (item: SavedItem) => void,
  ) {
    const t = ctx.t.itemPick;
    this.quickButtons = h("div", { class: "quick-items-buttons" });
    this.quick = h(
      "div",
      { id: "quick-items", class: "quick-items", role: "group", "aria-labelledby": "quick-items-label", hidden: true },
      h("span", { id: "quick-items-label", class: "quick-items-label" }, t.quickLabel),
      this.quickButtons,
    );
    this.note = h("p", { id: "item-note", class: "item-note hint", role: "status", hidden: true });
    this.warning = h("p", { id: "item-warning", class: "item-warning warning", role: "alert", hidden: true });
    this.list = h("ul", { id: "item-suggestions", class: "item-suggestions", role: "listbox", "aria-label": t.suggestions, hidden: true });

    this.description = fields.controls.get("description") as HTMLInputElement;
    const d = this.description;
    d.setAttribute("role", "combobox");
    d.setAttribute("aria-autocomplete", "list");
    d.setAttribute("aria-controls", "item-suggestions");
    d.setAttribute("aria-expanded", "false");
    // The list hangs under the field, over what follows it.
    const combo = h("div", { class: "item-combo" });
    d.replaceWith(combo);
    combo.append(d, this.list);

    d.addEventListener("input", () => void this.search(d.value));
    d.addEventListener("keydown", (e) => this.key(e));
    d.addEventListener("blur", () => this.close());
    // A click on a row must not take the focus from the field first (that would close the list).
    this.list.addEventListener("mousedown", (e) => e.preventDefault());
  }

  get open(): boolean {
    return !this.list.hidden;
  }

  /** The quick buttons, read again each time the form is shown (items change in Ayarlar, Paylaş). */
  async load(): Promise<void> {
    const seq = ++this.loadSeq;
    let items: SavedItem[] = [];
    try {
      const found = await listSavedItems(undefined, QUICK_MAX);
      items = Array.isArray(found) ? found : [];
    } catch (err) {
      console.warn("list_saved_items failed", toAppError(err).kind);
    }
    if (seq !== this.loadSeq) return;
    const buttons = items.slice(0, QUICK_MAX).map((item) => {
      const b = h(
        "button",
        { id: `quick-item-${item.id}`, type: "button", class: "quick-item", title: item.name },
        h("span", { class: "quick-item-name" }, item.name),
        h("span", { class: "quick-item-price" }, this.price(item)),
      );
      // Still clickable: the click says what is missing.
      b.classList.toggle("unavailable", !this.usable(item));
      b.addEventListener("click", () => this.pick(item));
      return b;
    });
    this.quickButtons.replaceChildren(...buttons);
    this.quick.hidden = buttons.length === 0;
  }

  /** A fresh form: no list open, nothing said. */
  reset(): void {
    this.searchSeq++;
    this.searching = false;
    this.enterWaiting = false;
    this.close();
    this.say(null, null);
  }

  private async search(value: string): Promise<void> {
    const seq = ++this.searchSeq;
    const text = value.trim();
    if (!text) {
      this.searching = false;
      this.enterWaiting = false;
      this.close();
      return;
    }
    this.searching = true;
    let found: SavedItem[] = [];
    try {
      const answer = await listSavedItems(text, SUGGEST_MAX);
      found = Array.isArray(answer) ? answer : [];
    } catch (err) {
      console.warn("list_saved_items failed", toAppError(err).kind);
    }
    // Only the answer to what is in the field now counts.
    if (seq !== this.searchSeq) return;
    this.searching = false;
    this.show(found.slice(0, SUGGEST_MAX));
    if (this.enterWaiting) {
      this.enterWaiting = false;
      // Nothing to pick: the Enter meant "create" after all. Else the list is there to pick from.
      if (!this.open) this.description.form?.requestSubmit();
    }
  }

  private key(e: KeyboardEvent): void {
    if (e.isComposing) return;
    switch (e.key) {
      case "ArrowDown":
        if (this.open) this.move(1);
        else void this.search(this.description.value);
        e.preventDefault();
        break;
      case "ArrowUp":
        if (!this.open) return;
        this.move(-1);
        e.preventDefault();
        break;
      case "Enter":
        // Enter on a chosen row picks; it never creates a half-typed link. With no row chosen
        // (an amount was typed: see show) it closes the list and the form goes on as typed.
        if (this.open && this.active >= 0) {
          e.preventDefault();
          const item = this.shown[this.active];
          if (item) this.pick(item);
        } else if (this.open) {
          this.close();
        } else if (this.searching) {
          e.preventDefault();
          this.enterWaiting = true;
        }
        break;
      case "Escape":
        if (!this.open) return;
        e.preventDefault();
        e.stopPropagation();
        this.close();
        break;
      case "Tab":
        this.close();
        break;
    }
  }

  private show(items: SavedItem[]): void {
    this.shown = items;
    this.list.replaceChildren(
      ...items.map((item, i) => {
        const meta = [this.price(item), item.provider ? this.ctx.t.provider[item.provider] : null];
        const li = h(
          "li",
          { id: `item-option-${item.id}`, class: "item-option", role: "option", "aria-selected": "false", "data-index": String(i) },
          h("span", { class: "item-option-name" }, item.name),
          h("span", { class: "item-option-meta" }, meta.filter(Boolean).join(" · ")),
        );
        li.addEventListener("click", () => this.pick(item));
        li.addEventListener("mousemove", () => this.setActive(i));
        return li;
      }),
    );
    this.list.hidden = items.length === 0;
    this.description.setAttribute("aria-expanded", String(!this.list.hidden));
    // An amount the owner typed is not replaced by an Enter meant for the form: ↓ still picks.
    this.setActive(items.length > 0 && !this.amountTyped ? 0 : -1);
  }

  /** The owner typed an amount before the description. */
  private get amountTyped(): boolean {
    return this.fields.amount.value.trim() !== "";
  }

  private close(): void {
    this.shown = [];
    this.list.hidden = true;
    this.list.replaceChildren();
    this.active = -1;
    this.description.setAttribute("aria-expanded", "false");
    this.description.removeAttribute("aria-activedescendant");
  }

  private move(step: number): void {
    const n = this.shown.length;
    if (n === 0) return;
    // From no row chosen: ↓ to the first, ↑ to the last.
    const from = this.active < 0 && step > 0 ? -1 : this.active < 0 ? 0 : this.active;
    this.setActive((from + step + n) % n);
  }

  private setActive(index: number): void {
    this.active = index;
    this.list.querySelectorAll<HTMLElement>(".item-option").forEach((li, i) => {
      const on = i === index;
      li.setAttribute("aria-selected", String(on));
      li.classList.toggle("active", on);
      if (on) {
        this.description.setAttribute("aria-activedescendant", li.id);
        li.scrollIntoView?.({ block: "nearest" });
      }
    });
    if (index < 0) this.description.removeAttribute("aria-activedescendant");
  }

  /** Fills the form from `item`; an item for a provider the app cannot use now says so instead. */
  private pick(item: SavedItem): void {
    this.searchSeq++;
    this.searching = false;
    this.enterWaiting = false;
    this.close();
    const t = this.ctx.t.itemPick;
    const info = this.ctx.info();
    if (item.provider && info && !this.usable(item)) {
      const name = this.ctx.t.provider[item.provider];
      const why = info.credentials[item.provider] ? t.providerOff(item.name, name) : t.providerMissing(item.name, name);
      this.say(null, why);
      return;
    }
    fillForm(this.fields, item);
    const collection = providerFields(this.fields.chosenProvider).paytrOptions && item.linkType === "collection";
    const note =
      item.amountMinor === null
        ? t.pickedAsk(item.name)
        : collection && !this.fields.value("email").trim()
          ? t.pickedEmail(item.name)
          : t.picked(item.name);
    this.say(note, null);
    this.picked(item);
  }

  /** Whether the form can make the item's link now (its provider set up and in use). */
  private usable(item: SavedItem): boolean {
    const info = this.ctx.info();
    return !item.provider || !info || info.providersAvailable.includes(item.provider);
  }

  private say(note: string | null, warning: string | null): void {
    this.note.textContent = note ?? "";
    this.note.hidden = !note;
    this.warning.textContent = warning ?? "";
    this.warning.hidden = !warning;
  }

  private price(item: SavedItem): string {
    return item.amountMinor === null ? this.ctx.t.itemPick.askedAmount : `${item.amount} ${item.currency}`;
  }
}

/** Puts the item's provider, amount, currency, description, expiry, installments, link type and
 *  flex limit into the form. The customer's own fields (name, phone, e-mail) are left alone. */
export function fillForm(fields: CreateFields, item: SavedItem): void {
  if (item.provider && [...fields.provider.options].some((o) => o.value === item.provider)) {
    fields.provider.value = item.provider;
  }
  fields.applyProvider();
  fields.amount.value = item.amount;
  fields.setCurrency(item.currency || "TL");
  set(fields, "description", item.description.trim() ? item.description : item.name);
  setExpiry(fields, item.expiry);
  set(fields, "max-installment", String(item.maxInstallment || 1));
  fields.linkType.value = item.linkType;
  set(fields, "flex-max", item.flexMax ?? "");
  // Shows what this provider and link type have (PayTR's options, the custom expiry's input).
  fields.applyProvider();
  if (item.linkType !== "product") fields.advanced.open = true;
}

function set(fields: CreateFields, id: string, value: string): void {
  const control = fields.controls.get(id);
  if (control) control.value = value;
}

/** The saved expiry as the form asks it: a listed day count as such, any other length as the
 *  custom hours (Paynet) or date (PayTR, counted from now); no expiry leaves the form's choice. */
function setExpiry(fields: CreateFields, expiry: ExpiryChoice): void {
  const provider: ProviderName | null = fields.chosenProvider;
  if (expiry.kind === "none") return;
  if (expiry.kind === "days" && LISTED_DAYS.includes(expiry.days)) {
    fields.expiry.value = String(expiry.days);
    return;
  }
  fields.expiry.value = "custom";
  const atDate = providerFields(provider).expiryAt;
  if (expiry.kind === "at") {
    if (atDate) {
      fields.expiryAt.value = expiry.at;
      return;
    }
    // Paynet counts hours from now; Turkey's wall clock is UTC+3 all year.
    const hours = Math.ceil((Date.parse(`${expiry.at}:00+03:00`) - Date.now()) / 3_600_000);
    if (Number.isFinite(hours)) fields.expiryHours.value = String(Math.max(1, hours));
    return;
  }
  const hours = expiry.kind === "days" ? expiry.days * 24 : expiry.hours;
  if (atDate) fields.expiryAt.value = istanbulLocalInput(new Date(), hours / 24);
  else fields.expiryHours.value = String(hours);
}
