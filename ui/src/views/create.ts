// "Yeni link": amount, description, customer → Enter → the link with its QR code.
// Element ids are stable: the end-to-end tests find them.

import { createLink, toAppError, type AppError, type FormField, type Lang, type Link } from "../ipc";
import type { Catalogue } from "../i18n";
import { h } from "../dom";
import { formatMoney } from "../format";

/** Mirrors the Rust limits (src-tauri/src/commands/links.rs); Rust still checks. */
export const DESCRIPTION_MAX = 140;
export const CUSTOMER_MAX = 100;

export type FieldErrors = Partial<Record<FormField, string>>;

export interface FormValues {
  amount: string;
  description: string;
  customer: string;
}

/** Only what needs no parsing: empty fields. The amount's format is judged by Rust alone, so
 *  the UI and the CLI can never disagree about what is a valid amount. */
export function checkRequired(values: FormValues, t: Catalogue): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.amount.trim()) errors.amount = t.errors.amountRequired;
  if (!values.description.trim()) errors.description = t.errors.descriptionRequired;
  if (!values.customer.trim()) errors.customer = t.errors.customerRequired;
  return errors;
}

const FIELDS: FormField[] = ["amount", "description", "customer"];

interface FieldParts {
  input: HTMLInputElement;
  error: HTMLElement;
}

export class CreateView {
  readonly root: HTMLElement;
  private readonly form: HTMLFormElement;
  private readonly fields: Record<FormField, FieldParts>;
  private readonly submitButton: HTMLButtonElement;
  private readonly submitLabel: HTMLElement;
  private readonly formError: HTMLElement;
  private readonly result: HTMLElement;
  private inFlight = false;

  constructor(
    private readonly t: Catalogue,
    private readonly lang: Lang,
  ) {
    const c = t.create;
    const amount = this.field("amount", {
      inputmode: "decimal",
      placeholder: c.amountPlaceholder,
      "aria-describedby": "amount-hint amount-error",
      autofocus: true,
    });
    const amountBox = h("div", { class: "amount-box" }, amount.input, h("span", { class: "currency" }, c.currency));
    const description = this.field("description", {
      placeholder: c.descriptionPlaceholder,
      maxlength: String(DESCRIPTION_MAX),
      "aria-describedby": "description-error",
    });
    const customer = this.field("customer", {
      placeholder: c.customerPlaceholder,
      maxlength: String(CUSTOMER_MAX),
      autocomplete: "name",
      "aria-describedby": "customer-error",
    });
    this.fields = { amount, description, customer };

    this.submitLabel = h("span", { class: "label" }, c.submit);
    this.submitButton = h(
      "button",
      { id: "create-submit", type: "submit", class: "primary" },
      h("span", { class: "spinner", "aria-hidden": "true" }),
      this.submitLabel,
    );
    this.formError = h("p", { id: "form-error", class: "form-error", role: "alert", hidden: true });

    this.form = h(
      "form",
      { id: "create-form", class: "card create-form", novalidate: true, autocomplete: "off" },
      h("h1", {}, c.heading),
      h("p", { class: "intro" }, c.intro),
      h(
        "div",
        { class: "field field-amount" },
        h("label", { for: "amount" }, c.amountLabel),
        amountBox,
        h("p", { id: "amount-hint", class: "hint" }, c.amountHint),
        amount.error,
      ),
      this.fieldBlock("description", c.descriptionLabel, description),
      this.fieldBlock("customer", c.customerLabel, customer),
      this.formError,
      h("div", { class: "actions" }, this.submitButton, h("span", { class: "hint" }, c.enterHint)),
    );
    // Enter in any field submits the form (implicit submission); the guard below keeps it to one.
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.submit();
    });
    for (const name of FIELDS) {
      this.fields[name].input.addEventListener("input", () => this.setFieldError(name, undefined));
    }

    this.result = h("section", { id: "result", class: "card result", hidden: true, "aria-live": "polite" });
    this.root = h("section", { class: "view view-create" }, this.form, this.result);
  }

  /** Puts the cursor in the amount field: the first thing to type. */
  focus(): void {
    this.fields.amount.input.focus();
  }

  get busy(): boolean {
    return this.inFlight;
  }

  values(): FormValues {
    return {
      amount: this.fields.amount.input.value,
      description: this.fields.description.input.value,
      customer: this.fields.customer.input.value,
    };
  }

  /** One create at a time: a second Enter while one is on its way does nothing. */
  async submit(): Promise<void> {
    if (this.inFlight) return;
    const values = this.values();
    this.clearErrors();
    const missing = checkRequired(values, this.t);
    if (Object.keys(missing).length > 0) {
      this.showFieldErrors(missing);
      return;
    }
    this.setBusy(true);
    try {
      const link = await createLink(values, this.lang);
      this.showResult(link);
    } catch (err) {
      this.showError(toAppError(err));
    } finally {
      this.setBusy(false);
    }
  }

  /** Back to an empty form for the next customer. */
  reset(): void {
    this.form.reset();
    this.clearErrors();
    this.result.hidden = true;
    this.result.replaceChildren();
    this.form.hidden = false;
    this.focus();
  }

  private field(name: FormField, attrs: Record<string, string | boolean>): FieldParts {
    const input = h("input", { id: name, name, type: "text", spellcheck: "false", ...attrs });
    const error = h("p", { id: `${name}-error`, class: "field-error", role: "alert", hidden: true });
    return { input, error };
  }

  private fieldBlock(name: FormField, label: string, parts: FieldParts): HTMLElement {
    return h("div", { class: `field field-${name}` }, h("label", { for: name }, label), parts.input, parts.error);
  }

  private setBusy(busy: boolean): void {
    this.inFlight = busy;
    this.submitButton.disabled = busy;
    this.submitButton.setAttribute("aria-busy", String(busy));
    this.submitButton.classList.toggle("busy", busy);
    this.submitLabel.textContent = busy ? this.t.create.submitting : this.t.create.submit;
    for (const name of FIELDS) this.fields[name].input.readOnly = busy;
  }

  private setFieldError(name: FormField, message: string | undefined): void {
    const { input, error } = this.fields[name];
    error.textContent = message ?? "";
    error.hidden = !message;
    input.toggleAttribute("aria-invalid", Boolean(message));
    input.closest(".field")?.classList.toggle("invalid", Boolean(message));
  }

  private clearErrors(): void {
    for (const name of FIELDS) this.setFieldError(name, undefined);
    this.formError.textContent = "";
    this.formError.hidden = true;
  }

  private showFieldErrors(errors: FieldErrors): void {
    let first: FormField | undefined;
    for (const name of FIELDS) {
      const message = errors[name];
      if (!message) continue;
      this.setFieldError(name, message);
      first ??= name;
    }
    if (first) this.fields[first].input.focus();
  }

  private showError(err: AppError): void {
    if (err.field && FIELDS.includes(err.field)) {
      this.showFieldErrors({ [err.field]: err.message });
      return;
    }
    const message = err.message || this.t.errors.unexpected;
    this.formError.textContent = err.retryable ? `${message} ${this.t.errors.retryHint}` : message;
    this.formError.hidden = false;
  }

  private showResult(link: Link): void {
    const r = this.t.result;
    const amount = formatMoney(link.amount_minor);
    const qr = h("img", { id: "qr", class: "qr", src: link.qr_png_data_url, alt: r.qrAlt(amount) });
    const newLink = h("button", { id: "new-link", type: "button", class: "primary" }, r.newLink);
    newLink.addEventListener("click", () => this.reset());

    this.result.replaceChildren(
      h("div", { class: "result-qr" }, qr, h("p", { class: "hint" }, r.scanHint)),
      h(
        "div",
        { class: "result-details" },
        h("h2", {}, r.heading),
        h("p", { id: "result-amount", class: "result-amount" }, amount),
        h(
          "dl",
          { class: "result-facts" },
          h("dt", {}, r.for),
          h("dd", { id: "result-description" }, link.description),
          h("dt", {}, r.customer),
          h("dd", { id: "result-customer" }, link.customer),
          h("dt", {}, r.url),
          h("dd", {}, h("span", { id: "link-url", class: "link-url" }, link.url)),
        ),
        h("p", { class: "link-no" }, `${r.linkNo}: `, h("span", { id: "link-id" }, link.id)),
        link.demo ? h("p", { class: "demo-note" }, r.demoNote) : null,
        h("div", { class: "actions" }, newLink),
      ),
    );
    this.form.hidden = true;
    this.result.hidden = false;
    newLink.focus();
  }
}
