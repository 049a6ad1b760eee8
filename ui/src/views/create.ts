// "Yeni link": the form. Enter validates (Rust, no network), then creates; the result opens in
// the share view. One create at a time per form. Element ids are stable for the E2E tests.

import {
  createLink,
  toAppError,
  validateLinkForm,
  type AppError,
  type AppInfo,
  type CreateResult,
  type FieldError,
  type LinkForm,
  type SavedItem,
  type Validation,
} from "../ipc";
import type { Ctx } from "../context";
import { h } from "../dom";
import { CONTROL_FIELD, CreateFields, FIELD_IDS, FIELD_ORDER, providerFields } from "./create-fields";
import { CreateItems } from "./create-items";

export class CreateView {
  readonly root: HTMLElement;
  readonly fields: CreateFields;
  readonly items: CreateItems;
  private readonly form: HTMLFormElement;
  private readonly submitButton: HTMLButtonElement;
  private readonly submitLabel: HTMLElement;
  private readonly formError: HTMLElement;
  private readonly sameWarning: HTMLElement;
  private inFlight = false;
  /** The amount the owner chose to keep despite the same-amount warning. */
  private acceptedSameAmount: string | null = null;
  /** Fields the owner has left once: their errors show while typing elsewhere. */
  private readonly touched = new Set<string>();
  private validateSeq = 0;

  constructor(private readonly ctx: Ctx) {
    const c = ctx.t.create;
    this.fields = new CreateFields(ctx.t);
    this.items = new CreateItems(ctx, this.fields, (item) => this.picked(item));
    this.submitLabel = h("span", { class: "label" }, c.submit);
    this.submitButton = h(
      "button",
      { id: "create-submit", type: "submit", class: "primary" },
      h("span", { class: "spinner", "aria-hidden": "true" }),
      this.submitLabel,
    );
    this.formError = h("p", { id: "form-error", class: "form-error", role: "alert", hidden: true });
    this.sameWarning = h("div", { id: "same-amount-warning", class: "warning", role: "alert", hidden: true });

    this.form = h(
      "form",
      { id: "create-form", class: "card create-form", novalidate: true, autocomplete: "off" },
      h("h1", {}, c.heading),
      h("p", { class: "intro" }, c.intro),
      this.items.quick,
      this.items.warning,
      ...this.fields.nodes,
      this.sameWarning,
      this.formError,
      // Beside the button a pick focuses: what was filled in.
      this.items.note,
      h("div", { class: "actions" }, this.submitButton, h("span", { class: "hint" }, c.enterHint)),
    );
    // Enter in any field submits the form (implicit submission); the guard keeps it to one.
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.submit();
    });
    for (const [controlId, control] of this.fields.controls) {
      // The custom expiry's inputs report on the expiry's line.
      const id = CONTROL_FIELD[controlId] ?? controlId;
      control.addEventListener("input", () => this.setFieldError(id, undefined));
      control.addEventListener("change", () => {
        if (id === "provider") this.fields.applyProvider();
        this.touched.add(id);
        void this.validateTouched();
      });
    }
    this.fields.amount.addEventListener("input", () => this.hideSameAmount());
    this.root = h("section", { class: "view view-create" }, this.form);
  }

  /** Puts the cursor in the amount field: the first thing to type. */
  focus(): void {
    this.fields.amount.focus();
  }

  /** The view came into sight: the cursor in the amount, the saved items read again. */
  onShow(): void {
    this.focus();
    void this.items.load();
  }

  get busy(): boolean {
    return this.inFlight;
  }

  /** Providers to choose from, the last used preselected. */
  setInfo(info: AppInfo): void {
    this.fields.setProviders(info.providersAvailable, info.settings.lastProvider);
  }

  /** Validate, warn once about a same-amount PayTR link, then create. One at a time. */
  async submit(): Promise<void> {
    if (this.inFlight) return;
    this.setBusy(true);
    try {
      const { form, local } = this.fields.read();
      this.clearErrors();
      const validation = await this.validate(form);
      const errors = [...local, ...(validation?.errors ?? [])];
      if (errors.length > 0) {
        this.showFieldErrors(errors, true);
        return;
      }
      const same = validation?.sameAmount;
      const amount = form.amount.trim();
      if (same && same.count > 0 && this.acceptedSameAmount !== amount) {
        this.showSameAmount(same.count, same.suggestion);
        this.acceptedSameAmount = amount;
        return;
      }
      const result = await createLink(form);
      this.created(result);
    } catch (err) {
      this.showError(toAppError(err));
    } finally {
      this.setBusy(false);
    }
  }

  /** Back to an empty form for the next customer (the provider choice stays). */
  reset(): void {
    const provider = this.fields.provider.value;
    this.form.reset();
    this.fields.provider.value = provider;
    this.fields.setCurrency("TL");
    this.fields.applyProvider();
    this.items.reset();
    this.touched.clear();
    this.acceptedSameAmount = null;
    this.clearErrors();
    this.hideSameAmount();
    this.focus();
  }

  /** A saved item filled the form: old complaints go, and the focus lands where Enter creates the
   *  link, or on what the owner must still type (the amount the item leaves to ask, Paynet's
   *  customer name, a PayTR collection's e-mail). */
  private picked(item: SavedItem): void {
    this.clearErrors();
    this.hideSameAmount();
    this.acceptedSameAmount = null;
    this.touched.clear();
    for (const id of this.fields.counters.keys()) this.fields.updateCounter(id);
    const needsName = providerFields(this.fields.chosenProvider).customerRequired && !this.fields.value("customer").trim();
    const collection = providerFields(this.fields.chosenProvider).paytrOptions && item.linkType === "collection";
    const needsEmail = collection && !this.fields.value("email").trim();
    if (item.amountMinor === null || !this.fields.amount.value.trim()) this.fields.amount.focus();
    else if (needsName) this.fields.controls.get("customer")?.focus();
    else if (needsEmail) this.fields.controls.get("email")?.focus();
    else this.submitButton.focus();
  }

  /** Rust's checks, no network. A validation refusal comes back as errors; any other failure
   *  (e.g. the command missing) is left to create_link, which checks the same again. */
  private async validate(form: LinkForm): Promise<Validation | null> {
    try {
      return await validateLinkForm(form);
    } catch (err) {
      const e = toAppError(err);
      if (e.fields?.length || e.field) throw e;
      console.warn("validate_link_form failed; create_link will check", e.kind);
      return null;
    }
  }

  private async validateTouched(): Promise<void> {
    if (this.inFlight) return;
    const seq = ++this.validateSeq;
    const { form, local } = this.fields.read();
    const validation = await this.validate(form).catch(() => null);
    if (seq !== this.validateSeq || this.inFlight) return;
    const errors = [...local, ...(validation?.errors ?? [])];
    for (const id of this.touched) this.setFieldError(id, undefined);
    this.showFieldErrors(
      errors.filter((e) => this.touched.has(FIELD_IDS[e.field] ?? "")),
      false,
    );
  }

  private created(result: CreateResult): void {
    const t = this.ctx.t.share;
    const info = this.ctx.info();
    if (info) info.settings.lastProvider = result.link.provider;
    const notes: string[] = [];
    const sent = (value: boolean | string | null | undefined, ok: string, channel: string) => {
      if (value === true) notes.push(ok);
      else if (typeof value === "string" && value) notes.push(t.notSent(channel, value));
    };
    sent(result.sent.sms, t.smsSent, t.sms);
    sent(result.sent.email, t.emailSent, t.email);
    this.reset();
    // Rust's words on why the outcome is unclear go with the link (the share view shows them).
    const uncertain = result.outcome === "uncertain" && result.message;
    this.ctx.showLink(uncertain ? { ...result.link, note: result.message } : result.link, true);
    if (notes.length > 0) {
      const failed = typeof result.sent.sms === "string" || typeof result.sent.email === "string";
      this.ctx.toast(notes.join(" "), failed ? "error" : "ok");
    }
  }

  private setBusy(busy: boolean): void {
    this.inFlight = busy;
    this.submitButton.disabled = busy;
    this.submitButton.setAttribute("aria-busy", String(busy));
    this.submitButton.classList.toggle("busy", busy);
    this.submitLabel.textContent = busy ? this.ctx.t.create.submitting : this.ctx.t.create.submit;
    for (const control of this.fields.controls.values()) {
      if (control instanceof HTMLInputElement) control.readOnly = busy;
    }
  }

  private setFieldError(id: string, message: string | undefined): void {
    const error = this.fields.errors.get(id);
    if (!error) return;
    error.textContent = message ?? "";
    error.hidden = !message;
    this.fields.controls.get(id)?.toggleAttribute("aria-invalid", Boolean(message));
    this.fields.blocks.get(id)?.classList.toggle("invalid", Boolean(message));
  }

  private clearErrors(): void {
    for (const id of this.fields.errors.keys()) this.setFieldError(id, undefined);
    this.formError.textContent = "";
    this.formError.hidden = true;
  }

  /** Each error under its field (the first in screen order gets the focus); errors about no
   *  known field go above the button. */
  private showFieldErrors(errors: FieldError[], focus: boolean): void {
    const loose: string[] = [];
    const shown = new Set<string>();
    for (const e of errors) {
      const id = FIELD_IDS[e.field];
      if (!id || this.fields.blocks.get(id)?.hidden) {
        loose.push(e.message);
        continue;
      }
      if (shown.has(id)) continue; // the first problem per field is the one to fix first
      shown.add(id);
      this.setFieldError(id, e.message);
      if (this.fields.advanced.contains(this.fields.blocks.get(id) ?? null)) this.fields.advanced.open = true;
    }
    if (loose.length > 0) {
      this.formError.textContent = loose.join(" ");
      this.formError.hidden = false;
    }
    if (!focus) return;
    const first = FIELD_ORDER.find((id) => shown.has(id));
    if (first === "expiry" && !this.fields.expiryAt.hidden) this.fields.expiryAt.focus();
    else if (first === "expiry" && !this.fields.expiryHours.hidden) this.fields.expiryHours.focus();
    else if (first) this.fields.controls.get(first)?.focus();
  }

  private showError(err: AppError): void {
    const fields = err.fields ?? (err.field ? [{ field: err.field, code: err.code ?? "", message: err.message }] : []);
    if (fields.length > 0) {
      this.showFieldErrors(fields, true);
      return;
    }
    const message = err.message || this.ctx.t.errors.unexpected;
    this.formError.textContent = err.retryable ? `${message} ${this.ctx.t.errors.retryHint}` : message;
    this.formError.hidden = false;
  }

  private showSameAmount(count: number, suggestion: string): void {
    const c = this.ctx.t.create;
    // One click makes the amount distinct (a kuruş more); Enter then creates it.
    const distinct = h("button", { id: "make-distinct", type: "button", class: "primary use-suggestion" }, c.useSuggestion(suggestion));
    distinct.addEventListener("click", () => {
      this.fields.amount.value = suggestion;
      this.fields.amount.dispatchEvent(new Event("input", { bubbles: true }));
      this.hideSameAmount();
      this.focus();
    });
    const keep = h("button", { id: "keep-amount", type: "button", class: "secondary" }, c.keepAmount);
    keep.addEventListener("click", () => void this.submit());
    this.sameWarning.replaceChildren(h("p", {}, c.sameAmount(count, suggestion)), h("div", { class: "button-row" }, distinct, keep));
    this.sameWarning.hidden = false;
    // It appears under the fields: bring it into sight (the focus stays, Enter still means "create").
    this.sameWarning.scrollIntoView?.({ block: "nearest" });
  }

  private hideSameAmount(): void {
    this.sameWarning.hidden = true;
    this.sameWarning.replaceChildren();
  }
}
