// The "Yeni link" form's fields: building them, showing the ones the chosen provider has, and
// reading them into the `LinkForm` Rust validates. Ids are stable: the end-to-end tests use them.

import type { ExpiryChoice, FieldError, LinkForm, LinkType, ProviderName } from "../ipc";
import type { Catalogue } from "../i18n";
import { asPickers, h, option } from "../dom";
import { istanbulLocalInput } from "../format";

/** Rust's field keys (and the contract's short names) → the element id that shows the error. */
export const FIELD_IDS: Record<string, string> = {
  provider: "provider",
  amount: "amount",
  amountText: "amount",
  currency: "amount",
  description: "description",
  customer: "customer",
  phone: "phone",
  phoneText: "phone",
  email: "email",
  expiry: "expiry",
  maxInstallment: "max-installment",
  linkType: "link-type",
  stock: "stock",
  "paytr.maxCount": "stock",
  flexMax: "flex-max",
  "paytr.flexMaxText": "flex-max",
  reference: "reference",
};

/** Element ids in screen order: the first one with an error gets the focus. */
export const FIELD_ORDER = [
  "provider", "amount", "description", "customer", "phone", "email", "expiry",
  "max-installment", "link-type", "stock", "flex-max", "reference",
] as const;

/** Controls that show their errors on another field's line: the custom expiry's inputs. */
export const CONTROL_FIELD: Record<string, string> = { "expiry-hours": "expiry", "expiry-at": "expiry" };

/** How a provider counts a text's length (Rust's `links::text::Count`). */
type Unit = "chars" | "utf16" | "bytes";

/** Rust's limits, counted as Rust counts them (see `links/text.rs`): nothing is cut while
 *  typing; a counter shows near the limit and Rust refuses a longer text with its real length. */
export function limitFor(id: string, provider: ProviderName | null): { max: number; unit: Unit } | null {
  const paytr = provider === "paytr";
  const iyzico = provider === "iyzico";
  switch (id) {
    case "description":
      // iyzico: the link's name and description (`links/rules.rs`, IYZICO_NAME_MAX).
      if (iyzico) return { max: 100, unit: "chars" };
      return paytr ? { max: 200, unit: "bytes" } : { max: 140, unit: "utf16" };
    case "customer":
      return { max: 100, unit: "utf16" };
    case "email":
      return { max: paytr || iyzico ? 100 : 60, unit: "bytes" };
    case "reference":
      return { max: 50, unit: "utf16" };
    default:
      return null;
  }
}

/** The length Rust will count: NFC, whitespace runs as one space, ends trimmed. */
export function measure(text: string, unit: Unit): number {
  const t = text.normalize("NFC").replace(/\s+/gu, " ").trim();
  if (unit === "utf16") return t.length;
  if (unit === "bytes") return new TextEncoder().encode(t).length;
  return [...t].length;
}

/** Which of the form's parts a provider has (what `links/validate.rs` and `links/rules.rs` accept). */
export interface ProviderFields {
  /** Paynet needs the customer's name; the others keep it only in the book. */
  customerRequired: boolean;
  /** The provider sends the link by SMS / e-mail at creation (iyzico does not). */
  sends: boolean;
  /** A chosen expiry (iyzico links have none: "Süresiz", stopped with "İptal"). */
  expiry: boolean;
  /** The expiry as a date and time (PayTR) rather than hours (Paynet). */
  expiryAt: boolean;
  /** PayTR's installment count, link type, stock and flex amount. */
  paytrOptions: boolean;
}

export function providerFields(provider: ProviderName | null): ProviderFields {
  switch (provider) {
    case "paytr":
      return { customerRequired: false, sends: true, expiry: true, expiryAt: true, paytrOptions: true };
    case "iyzico":
      return { customerRequired: false, sends: false, expiry: false, expiryAt: false, paytrOptions: false };
    default:
      return { customerRequired: true, sends: true, expiry: true, expiryAt: false, paytrOptions: false };
  }
}

/** The counter appears from this share of the limit on. */
const COUNTER_FROM = 0.8;

type Control = HTMLInputElement | HTMLSelectElement;

export class CreateFields {
  readonly controls = new Map<string, Control>();
  readonly errors = new Map<string, HTMLElement>();
  readonly blocks = new Map<string, HTMLElement>();
  /** "185 / 200" under a text field near its limit. */
  readonly counters = new Map<string, HTMLElement>();
  readonly provider: HTMLSelectElement;
  readonly amount: HTMLInputElement;
  readonly sendSms: HTMLInputElement;
  readonly sendEmail: HTMLInputElement;
  readonly expiry: HTMLSelectElement;
  readonly expiryHours: HTMLInputElement;
  readonly expiryAt: HTMLInputElement;
  readonly linkType: HTMLSelectElement;
  readonly advanced: HTMLDetailsElement;
  /** `TL` unless a saved item in another currency (PayTR) filled the form. */
  private currency = "TL";
  private readonly currencyEl: HTMLElement;
  private readonly customerLabel: HTMLLabelElement;
  private readonly sendSmsLabel: HTMLLabelElement;
  private readonly sendEmailLabel: HTMLLabelElement;
  /** Says why there is no expiry and no sending (iyzico). */
  private readonly iyzicoNote: HTMLElement;
  /** The form's children, in order. */
  readonly nodes: HTMLElement[];

  constructor(private readonly t: Catalogue) {
    const c = t.create;
    this.provider = this.select("provider", []);
    this.amount = this.input("amount", {
      inputmode: "decimal",
      placeholder: c.amountPlaceholder,
      autofocus: true,
      "aria-describedby": "amount-hint amount-error",
    });
    this.currencyEl = h("span", { id: "amount-currency", class: "currency" }, c.currency);
    const amountBox = h("div", { class: "amount-box" }, this.amount, this.currencyEl);
    const description = this.input("description", { placeholder: c.descriptionPlaceholder });
    const customer = this.input("customer", { placeholder: c.customerPlaceholder, autocomplete: "name" });
    this.customerLabel = h("label", { for: "customer" }, c.customerLabel);
    const phone = this.input("phone", { type: "tel", inputmode: "tel", placeholder: c.phonePlaceholder, autocomplete: "tel" });
    const email = this.input("email", { type: "email", placeholder: c.emailPlaceholder, autocomplete: "email" });
    this.sendSms = h("input", { id: "send-sms", type: "checkbox" });
    this.sendEmail = h("input", { id: "send-email", type: "checkbox" });

    this.sendSmsLabel = h("label", { class: "check" }, this.sendSms, c.sendSms);
    this.sendEmailLabel = h("label", { class: "check" }, this.sendEmail, c.sendEmail);
    this.iyzicoNote = h("p", { id: "iyzico-note", class: "hint provider-note", hidden: true }, c.iyzicoNote);
    this.expiry = this.select("expiry", [
      option("1", c.expiry1),
      option("3", c.expiry3, true),
      option("7", c.expiry7),
      option("custom", c.expiryCustom),
    ]);
    this.expiryHours = h("input", { id: "expiry-hours", type: "number", min: "1", max: "8760", step: "1", value: "24", "aria-label": c.expiryHours });
    this.expiryAt = h("input", { id: "expiry-at", type: "text", "aria-label": c.expiryAt });
    // Registered like every field, so their values are read (and locked while creating).
    this.controls.set("expiry-hours", this.expiryHours);
    this.controls.set("expiry-at", this.expiryAt);
    const installments = [option("1", c.installmentSingle, true)];
    for (let n = 2; n <= 12; n++) installments.push(option(String(n), c.installments(n)));
    this.select("max-installment", installments);

    this.linkType = this.select("link-type", [
      option("product", c.linkTypeProduct, true),
      option("collection", c.linkTypeCollection),
      option("flex", c.linkTypeFlex),
    ]);
    this.input("stock", { inputmode: "numeric", "aria-describedby": "stock-hint stock-error" });
    this.input("flex-max", { inputmode: "decimal", placeholder: c.amountPlaceholder });
    this.input("reference", {});
    for (const id of ["description", "customer", "email", "reference"]) {
      const counter = h("span", { id: `${id}-count`, class: "counter", "aria-live": "polite", hidden: true });
      this.counters.set(id, counter);
      this.controls.get(id)!.addEventListener("input", () => this.updateCounter(id));
    }

    this.advanced = h(
      "details",
      { id: "advanced", class: "advanced" },
      h("summary", {}, c.advanced),
      this.block("link-type", c.linkTypeLabel),
      this.block("stock", c.stockLabel, h("p", { id: "stock-hint", class: "hint" }, c.stockHint)),
      this.block("flex-max", c.flexMaxLabel),
      this.block("reference", c.referenceLabel, this.counters.get("reference")!),
    );
    this.linkType.addEventListener("change", () => this.applyLinkType());
    this.expiry.addEventListener("change", () => this.applyExpiry());

    this.nodes = [
      this.block("provider", c.providerLabel),
      this.block("amount", c.amountLabel, amountBox, h("p", { id: "amount-hint", class: "hint" }, c.amountHint)),
      this.block("description", c.descriptionLabel, description, this.counters.get("description")!),
      this.block("customer", this.customerLabel, customer, this.counters.get("customer")!),
      h(
        "div",
        { class: "row two" },
        this.block("phone", c.phoneLabel, phone, this.sendSmsLabel),
        this.block("email", c.emailLabel, email, this.counters.get("email")!, this.sendEmailLabel),
      ),
      h(
        "div",
        { class: "row two" },
        this.block(
          "expiry",
          c.expiryLabel,
          h("div", { class: "expiry-box" }, this.expiry, this.expiryHours, this.expiryAt),
        ),
        this.block("max-installment", c.installmentLabel),
      ),
      this.iyzicoNote,
      this.advanced,
    ];
    this.applyExpiry();
  }

  /** The providers the owner may use now; `chosen` is preselected (the last used). */
  setProviders(list: ProviderName[], chosen: ProviderName | null): void {
    const current = (this.provider.value || chosen) as ProviderName | "";
    this.provider.replaceChildren(...list.map((p) => option(p, this.t.provider[p], p === (current || chosen))));
    if (!list.includes(this.provider.value as ProviderName) && list[0]) this.provider.value = list[0];
    // One provider: nothing to choose, so no control to tab through.
    this.blocks.get("provider")!.hidden = list.length < 2;
    this.applyProvider();
  }

  /** The currency the link is made in, shown beside the amount. */
  setCurrency(code: string): void {
    this.currency = code;
    this.currencyEl.textContent = code === "TL" ? this.t.create.currency : code;
  }

  get chosenProvider(): ProviderName | null {
    return (this.provider.value || null) as ProviderName | null;
  }

  /** Shows what the chosen provider has (see [`providerFields`]): PayTR installments, link type,
   *  stock; Paynet's required customer name and hours; no expiry and no sending for iyzico.
   *  The owner's reference is kept for every provider. */
  applyProvider(): void {
    const f = providerFields(this.chosenProvider);
    this.customerLabel.textContent = f.customerRequired ? this.t.create.customerLabel : this.t.create.customerOptional;
    this.blocks.get("max-installment")!.hidden = !f.paytrOptions;
    this.blocks.get("link-type")!.hidden = !f.paytrOptions;
    this.blocks.get("expiry")!.hidden = !f.expiry;
    this.sendSmsLabel.hidden = !f.sends;
    this.sendEmailLabel.hidden = !f.sends;
    this.iyzicoNote.hidden = this.chosenProvider !== "iyzico";
    this.applyExpiry();
    this.applyLinkType();
    for (const id of this.counters.keys()) this.updateCounter(id);
  }

  /** Shows the field's length near (and over) the provider's limit, counted as Rust counts. */
  updateCounter(id: string): void {
    const counter = this.counters.get(id);
    const limit = limitFor(id, this.chosenProvider);
    if (!counter || !limit) return;
    const n = measure(this.value(id), limit.unit);
    counter.hidden = n < limit.max * COUNTER_FROM;
    counter.classList.toggle("over", n > limit.max);
    counter.textContent = this.t.create.counter(n, limit.max);
    const c = this.t.create;
    counter.title = limit.unit === "bytes" && id === "description" ? c.counterBytes : limit.unit === "utf16" ? c.counterUnits : "";
  }

  private applyExpiry(): void {
    const custom = this.expiry.value === "custom";
    const paytr = providerFields(this.chosenProvider).expiryAt;
    this.expiryHours.hidden = !custom || paytr;
    this.expiryAt.hidden = !custom || !paytr;
    if (!this.expiryAt.hidden) asPickers("datetime-local", this.expiryAt);
    // The picker opens near a likely answer: three days ahead, Turkish time.
    if (custom && paytr && !this.expiryAt.value) this.expiryAt.value = istanbulLocalInput(new Date(), 3);
  }

  private applyLinkType(): void {
    const paytr = this.chosenProvider === "paytr";
    const type = this.linkType.value as LinkType;
    this.blocks.get("stock")!.hidden = !paytr || type !== "product";
    this.blocks.get("flex-max")!.hidden = !paytr || type !== "flex";
  }

  value(id: string): string {
    return this.controls.get(id)?.value ?? "";
  }

  /** The form as typed, plus the errors the browser side can see (numbers that are not). */
  read(): { form: LinkForm; local: FieldError[] } {
    const local: FieldError[] = [];
    const f = providerFields(this.chosenProvider);
    const paytr = f.paytrOptions;
    const whole = (id: string, field: string): number | null => {
      const text = this.value(id).trim();
      if (!text) return null;
      if (/^\d{1,6}$/.test(text)) return Number(text);
      local.push({ field, code: "not_a_number", message: this.t.errors.wholeNumber });
      return null;
    };
    let expiry: ExpiryChoice;
    const choice = this.expiry.value;
    if (!f.expiry) expiry = { kind: "none" };
    else if (choice !== "custom") expiry = { kind: "days", days: Number(choice) };
    else if (f.expiryAt) {
      const at = this.expiryAt.value;
      if (!at) local.push({ field: "expiry", code: "expiry_at_missing", message: this.t.errors.pickDateTime });
      expiry = { kind: "at", at: at.slice(0, 16) };
    } else {
      const hours = whole("expiry-hours", "expiry");
      if (hours === null && !local.some((e) => e.field === "expiry")) {
        local.push({ field: "expiry", code: "not_a_number", message: this.t.errors.wholeNumber });
      }
      expiry = { kind: "hours", hours: hours ?? 0 };
    }
    const linkType = paytr ? (this.linkType.value as LinkType) : "product";
    const form: LinkForm = {
      provider: this.chosenProvider ?? undefined,
      amount: this.amount.value,
      currency: this.currency,
      description: this.value("description"),
      customer: this.value("customer"),
      phone: this.value("phone"),
      email: this.value("email"),
      // A box hidden for this provider is not sent, even if ticked for another one before.
      sendSms: f.sends && this.sendSms.checked,
      sendEmail: f.sends && this.sendEmail.checked,
      expiry,
      maxInstallment: paytr ? Number(this.value("max-installment")) : 1,
      linkType,
      // Absent, not null: these are optional in the Rust form.
      stock: (paytr && linkType === "product" ? whole("stock", "stock") : null) ?? undefined,
      flexMax: paytr && linkType === "flex" ? this.value("flex-max") : undefined,
      reference: this.value("reference"),
    };
    return { form, local };
  }

  private input(id: string, attrs: Record<string, string | boolean>): HTMLInputElement {
    const el = h("input", { id, name: id, type: "text", spellcheck: "false", "aria-describedby": `${id}-error`, ...attrs });
    this.controls.set(id, el);
    return el;
  }

  private select(id: string, options: HTMLOptionElement[]): HTMLSelectElement {
    const el = h("select", { id, name: id, "aria-describedby": `${id}-error` }, ...options);
    this.controls.set(id, el);
    return el;
  }

  /** Label, control (or the given content), error line. */
  private block(id: string, label: string | HTMLLabelElement, ...content: HTMLElement[]): HTMLElement {
    const error = h("p", { id: `${id}-error`, class: "field-error", role: "alert", hidden: true });
    this.errors.set(id, error);
    const labelEl = typeof label === "string" ? h("label", { for: id }, label) : label;
    const control = this.controls.get(id);
    const body = control && !content.some((c) => c.contains(control)) ? [control, ...content] : content;
    const block = h("div", { class: `field field-${id}` }, labelEl, ...body, error);
    this.blocks.set(id, block);
    return block;
  }
}
