// "Paylaş": one link, large QR, and every way to hand it to the customer. Shown right after a
// create (then it is `#result`) and from any row of the list. Live status updates land here too.

import {
  checkLink,
  copyLink,
  copyQr,
  getLink,
  openWhatsapp,
  resendLink,
  saveQrPng,
  settleLink,
  toAppError,
  type AppError,
  type LinkDto,
} from "../ipc";
import type { Ctx } from "../context";
import { button, h } from "../dom";
import { formatDateTime } from "../format";
import { busyWhile, setStatus, statusPill } from "./status";
import { remindPanel, REMINDED } from "./remind-share";
import { ShareItem } from "./share-item";

export class ShareView {
  readonly root: HTMLElement;
  private readonly result: HTMLElement;
  private readonly empty: HTMLElement;
  private link: LinkDto | null = null;
  private statusEl: HTMLElement | null = null;
  private paidRow: HTMLElement | null = null;
  private paidBanner: HTMLElement | null = null;
  private shareButtons: HTMLButtonElement[] = [];
  private resendRow: HTMLElement | null = null;

  constructor(private readonly ctx: Ctx) {
    this.result = h("section", { id: "result", class: "card result share", hidden: true, tabindex: "-1", "aria-live": "polite" });
    this.empty = h("p", { class: "card empty" }, ctx.t.share.nothing);
    this.root = h("section", { class: "view view-share" }, this.result, this.empty);
  }

  get current(): LinkDto | null {
    return this.link;
  }

  /** Draws the link. `fresh`: just created; focus goes to the result, one Tab from WhatsApp. */
  show(link: LinkDto, fresh = false): void {
    const keepQr = this.link?.id === link.id ? this.link.qrPngDataUrl : null;
    this.link = { ...link, qrPngDataUrl: link.qrPngDataUrl ?? keepQr ?? undefined };
    this.render(fresh);
  }

  /** Focus on the result without scrolling it under the window's top: the page starts at the
   *  header (mode badge, tabs). */
  focus(): void {
    if (!this.link) return;
    this.result.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }

  /** A live update: the status, dates and buttons change in place (typed phone numbers stay);
   *  a link that just got its URL (an unknown one, checked or found by the tracker) is drawn
   *  again, and its QR fetched when the update came without one (events carry no QR). */
  update(link: LinkDto): void {
    if (!this.link || this.link.id !== link.id) return;
    const gotUrl = !this.link.url && Boolean(link.url);
    // A reminder made elsewhere (the Linkler row's "Hatırlat"): the panel lists it too.
    if (link.lastReminder && link.lastReminder.id !== this.link.lastReminder?.id) {
      this.result.querySelector("#reminders")?.dispatchEvent(new Event(REMINDED));
    }
    const qr = link.qrPngDataUrl ?? (link.url === this.link.url ? this.link.qrPngDataUrl : undefined);
    this.link = { ...link, qrPngDataUrl: qr };
    if (link.url && !qr) void this.fetchQr(link.id, link.url);
    // A QR that arrives with a later update (a command's answer after its QR-less event) is drawn
    // too: the fetch above then finds the QR already in hand and draws nothing.
    const qrToDraw = Boolean(qr) && !this.result.querySelector("#qr");
    if (gotUrl || qrToDraw || (link.status === "unknown") !== Boolean(this.result.querySelector("#uncertain"))) {
      this.render(false);
      return;
    }
    this.applyState();
  }

  /** Draws the QR of a link that got its address after it was opened here. */
  private async fetchQr(id: number, url: string): Promise<void> {
    try {
      const full = await getLink(id);
      // Still the same link and address, and still without a QR: draw it.
      if (!full.qrPngDataUrl || this.link?.id !== id || this.link.url !== url || this.link.qrPngDataUrl) return;
      this.link = { ...this.link, qrPngDataUrl: full.qrPngDataUrl };
      this.render(false);
    } catch (err) {
      console.warn("the QR of link", id, "could not be read", toAppError(err).kind);
    }
  }

  private render(fresh: boolean): void {
    const link = this.link;
    if (!link) return;
    const s = this.ctx.t.share;
    const locale = this.ctx.t.locale;
    const demo = this.ctx.info()?.mode === "demo";
    this.statusEl = statusPill(this.ctx.t, link.status, "share-status");
    const qr = link.qrPngDataUrl
      ? h("img", { id: "qr", class: "qr", src: link.qrPngDataUrl, alt: s.qrAlt(link.amountText) })
      : null;
    this.paidBanner = h(
      "div",
      { id: "paid-banner", class: "paid-banner", role: "status", hidden: true },
      h("p", { class: "paid-big" }, s.paidBanner),
      h("p", { id: "paid-when", class: "paid-when" }),
    );
    this.paidRow = h("div", { class: "fact" }, h("dt", {}, s.paidAt), h("dd", { id: "result-paid" }, formatDateTime(link.paidAt, locale)));
    const facts = h(
      "dl",
      { class: "result-facts" },
      h("dt", {}, s.for),
      h("dd", { id: "result-description" }, link.description),
      link.customer ? h("dt", {}, s.customer) : null,
      link.customer ? h("dd", { id: "result-customer" }, link.customer) : null,
      h("dt", {}, s.provider),
      h("dd", {}, this.ctx.t.provider[link.provider]),
      h("dt", {}, s.expires),
      h("dd", { id: "result-expires" }, this.expiryText(link)),
      this.paidRow,
      link.url ? h("dt", {}, s.url) : null,
      link.url ? h("dd", {}, h("span", { id: "link-url", class: "link-url" }, link.url)) : null,
    );
    const uncertain = link.status === "unknown" ? this.uncertain(link) : null;
    const heading =
      link.status === "unknown" || link.status === "creating"
        ? s.headingUncertain
        : link.status === "failed"
          ? s.headingFailed
          : fresh
            ? s.heading
            : s.headingExisting;
    const noQr = link.status === "unknown" || link.status === "creating" ? s.noUrlYet : s.noUrl;
    this.result.replaceChildren(
      h("div", { class: "result-qr" }, qr, h("p", { id: "qr-hint", class: "hint" }, qr ? s.scanHint : noQr)),
      h(
        "div",
        { class: "result-details" },
        h("div", { class: "share-head" }, h("h2", { id: "share-heading" }, heading), this.statusEl),
        this.paidBanner,
        h("p", { id: "result-amount", class: "result-amount" }, link.amountText),
        facts,
        h("p", { class: "link-no" }, `${s.linkNo}: `, h("span", { id: "link-id" }, link.providerId ?? "")),
        demo ? h("p", { class: "demo-note" }, this.ctx.t.mode.demoNote) : null,
        link.lastError && link.status !== "unknown" ? h("p", { class: "form-error" }, link.lastError) : null,
        uncertain,
        link.url ? this.actions(link) : null,
        h(
          "div",
          { class: "actions" },
          button({ id: "new-link", class: "secondary" }, s.newLink, () => this.ctx.newLink()),
          button({ id: "back-to-list", class: "link-button" }, s.backToList, () => this.ctx.go("links")),
        ),
        link.url ? new ShareItem(this.ctx, link).root : null,
      ),
      this.printCard(link),
    );
    this.empty.hidden = true;
    this.result.hidden = false;
    this.applyState();
    if (fresh) this.focus();
  }

  /** WhatsApp first in tab order: from the focused result, one Tab reaches it. */
  private actions(link: LinkDto): HTMLElement {
    const s = this.ctx.t.share;
    const phone = h("input", {
      id: "whatsapp-phone",
      type: "tel",
      inputmode: "tel",
      value: link.phone ?? "",
      placeholder: this.ctx.t.create.phonePlaceholder,
      "aria-describedby": "whatsapp-hint",
    });
    phone.setAttribute("aria-describedby", "whatsapp-hint whatsapp-phone-error");
    const whatsapp = h("button", { id: "whatsapp", type: "submit", class: "primary whatsapp" }, s.whatsapp);
    const phoneError = h("p", { id: "whatsapp-phone-error", class: "field-error", role: "alert", hidden: true });
    const showPhoneError = (message: string | null) => {
      phoneError.textContent = message ?? "";
      phoneError.hidden = !message;
      phone.toggleAttribute("aria-invalid", Boolean(message));
    };
    phone.addEventListener("input", () => showPhoneError(null));
    const waForm = h(
      "form",
      { class: "wa-row", novalidate: true },
      whatsapp,
      h("label", { class: "inline-field" }, h("span", {}, s.phoneLabel), phone),
      phoneError,
      h("p", { id: "whatsapp-hint", class: "hint" }, s.phoneHint),
    );
    waForm.addEventListener("submit", (e) => {
      e.preventDefault();
      // Empty: WhatsApp opens and the owner picks the contact there. A mistyped number is
      // explained under the field; the focus stays where the owner left it.
      const open = async () => {
        try {
          await openWhatsapp(link.id, phone.value.trim());
          showPhoneError(null);
          this.ctx.toast(this.ctx.t.toast.whatsappOpened);
        } catch (err) {
          const e = toAppError(err);
          const onField = fieldMessage(e, "phone");
          if (onField) showPhoneError(onField);
          else this.ctx.toast(e.message, "error");
        }
      };
      void busyWhile(whatsapp, open).then(() => this.applyState());
    });
    const t = this.ctx.t.toast;
    const act = (id: string, label: string, run: () => Promise<string | null>) => {
      const b = button({ id, class: "secondary" }, label, () => void busyWhile(b, run).then(() => this.applyState()));
      return b;
    };
    const copy = act("copy-link", s.copyLink, () => this.run(() => copyLink(link.id), () => t.linkCopied));
    const copyImg = act("copy-qr", s.copyQr, () => this.run(() => copyQr(link.id), () => t.qrCopied));
    const save = act("save-qr", s.saveQr, () => this.run(() => saveQrPng(link.id), (path) => (path ? t.qrSaved(path) : null)));
    const print = button({ id: "print-qr", class: "secondary" }, s.printQr, () => this.print());

    const email = h("input", { id: "share-email", type: "email", value: link.email ?? "", placeholder: this.ctx.t.create.emailPlaceholder });
    const resend = (channel: "sms" | "email", to: () => string) => async () => {
      try {
        const r = await resendLink(link.id, channel, to());
        this.ctx.toast(r.message, r.ok ? "ok" : "error");
      } catch (err) {
        this.ctx.toast(toAppError(err).message, "error");
      }
      return null;
    };
    const sms = act("resend-sms", s.resendSms, resend("sms", () => phone.value.trim()));
    const mail = act("resend-email", s.resendEmail, resend("email", () => email.value.trim()));
    this.resendRow = h("div", { class: "resend-row" }, h("label", { class: "inline-field" }, h("span", {}, s.emailLabel), email), sms, mail);
    this.shareButtons = [whatsapp, sms, mail];
    const reminders = remindPanel(this.ctx, link, () => phone.value.trim(), () => email.value.trim());
    this.shareButtons.push(...(reminders?.querySelectorAll("button") ?? [])); // rest once paid, as the others
    return h("div", { class: "share-actions" }, waForm, h("div", { class: "button-row" }, copy, copyImg, save, print), this.resendRow, reminders);
  }

  /** "Son geçerlilik": the date asked for (also while the create is uncertain), "Süresiz" only
   *  for a link made without one, "Bilinmiyor" for an uncertain link recorded before that. */
  private expiryText(link: LinkDto): string {
    const s = this.ctx.t.share;
    if (link.expiresAt) return formatDateTime(link.expiresAt, this.ctx.t.locale);
    return link.status === "unknown" || link.status === "creating" || link.status === "failed" ? s.expiryUnknown : s.noExpiry;
  }

  /** What the owner can do about a create with no clear answer: Paynet is asked again ("Kontrol
   *  et"); PayTR cannot be asked, so the owner says what the PayTR panel shows; iyzico is asked
   *  first, and what its panel shows settles what the asking could not. */
  private uncertain(link: LinkDto): HTMLElement {
    const s = this.ctx.t.share;
    const check = () => button({ id: "check-link", class: "primary act-check" }, s.check, () => void this.check());
    const note = link.note ? h("p", { class: "hint" }, link.note) : null;
    if (link.provider === "paynet") {
      return h("div", { id: "uncertain", class: "warning" }, h("p", {}, s.uncertain), note, check());
    }
    const iyzico = link.provider === "iyzico";
    const inputId = `${link.provider}-link-id`;
    const idInput = h("input", {
      id: inputId,
      type: "text",
      spellcheck: "false",
      autocomplete: "off",
      placeholder: iyzico ? s.iyzicoIdPlaceholder : s.paytrIdPlaceholder,
      "aria-describedby": `${inputId}-error`,
    });
    const error = h("p", { id: `${inputId}-error`, class: "field-error", role: "alert", hidden: true });
    const found = h("button", { id: "settle-found", type: "submit", class: "primary" }, s.settleFound);
    const missing = button({ id: "settle-missing", class: "secondary" }, s.settleMissing, () => void this.settle(missing, null, error));
    const form = h(
      "form",
      { class: "settle-form", novalidate: true },
      h("label", { class: "inline-field" }, h("span", {}, iyzico ? s.iyzicoIdLabel : s.paytrIdLabel), idInput),
      error,
      h("div", { class: "button-row" }, found, missing),
    );
    idInput.addEventListener("input", () => {
      error.hidden = true;
      idInput.removeAttribute("aria-invalid");
    });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.settle(found, idInput.value, error);
    });
    if (iyzico) return h("div", { id: "uncertain", class: "warning" }, h("p", {}, s.uncertainIyzico), note, check(), form);
    return h("div", { id: "uncertain", class: "warning" }, h("p", {}, s.uncertainPaytr), form);
  }

  /** Records the owner's answer on an uncertain PayTR or iyzico create; a mistyped id is
   *  explained under its field. */
  private async settle(b: HTMLButtonElement, providerId: string | null, error: HTMLElement): Promise<void> {
    const link = this.link;
    if (!link) return;
    await busyWhile(b, async () => {
      try {
        const fresh = await settleLink(link.id, providerId);
        this.ctx.linkChanged(fresh);
        this.ctx.toast(providerId === null ? this.ctx.t.toast.settledMissing : this.ctx.t.toast.settledFound);
      } catch (err) {
        const e = toAppError(err);
        const onField = fieldMessage(e, "providerId");
        if (!onField) return this.ctx.toast(e.message, "error");
        error.textContent = onField;
        error.hidden = false;
        this.result.querySelector(`#${link.provider}-link-id`)?.setAttribute("aria-invalid", "true");
      }
    });
  }

  private printCard(link: LinkDto): HTMLElement {
    return h(
      "div",
      { id: "print-card", class: "print-card", "aria-hidden": "true" },
      h("p", { class: "print-amount" }, link.amountText),
      h("p", { class: "print-description" }, link.description),
      link.qrPngDataUrl ? h("img", { class: "print-qr", src: link.qrPngDataUrl, alt: "" }) : null,
      h("p", { class: "print-title" }, this.ctx.t.share.printTitle),
    );
  }

  /** Status pill, paid date, which actions make sense now. */
  private applyState(): void {
    const link = this.link;
    if (!link) return;
    const paid = link.status === "paid";
    if (this.statusEl) {
      setStatus(this.statusEl, this.ctx.t, link.status);
      // The big banner says it instead: no small "Ödeme bekleniyor"-sized pill beside it.
      this.statusEl.hidden = paid;
    }
    if (this.paidBanner) {
      this.paidBanner.hidden = !paid;
      const when = this.paidBanner.querySelector("#paid-when");
      const at = formatDateTime(link.paidAt, this.ctx.t.locale);
      if (when) when.textContent = at ? this.ctx.t.share.paidWhen(at) : "";
    }
    // A paid QR must not be scanned again: it is dimmed and the sharing buttons rest.
    this.result.classList.toggle("is-paid", paid);
    if (this.paidRow) {
      this.paidRow.hidden = !link.paidAt;
      const dd = this.paidRow.querySelector("dd");
      if (dd) dd.textContent = formatDateTime(link.paidAt, this.ctx.t.locale);
    }
    for (const b of this.shareButtons) b.disabled = !link.actions.share;
    if (this.resendRow) this.resendRow.hidden = !link.actions.resend;
  }

  private async run<T>(call: () => Promise<T>, done: (value: T) => string | null): Promise<null> {
    try {
      const message = done(await call());
      if (message) this.ctx.toast(message);
    } catch (err) {
      this.ctx.toast(toAppError(err).message, "error");
    }
    return null;
  }

  /** The print stylesheet shows only the card: amount, description, QR. */
  private print(): void {
    try {
      window.print();
    } catch (err) {
      this.ctx.toast(toAppError(err).message, "error");
    }
  }

  private async check(): Promise<void> {
    const link = this.link;
    const b = this.result.querySelector<HTMLButtonElement>("#check-link");
    if (!link || !b) return;
    await busyWhile(b, async () => {
      try {
        const fresh = await checkLink(link.id);
        this.ctx.linkChanged(fresh);
        this.ctx.toast(this.ctx.t.toast.refreshed);
      } catch (err) {
        this.ctx.toast(toAppError(err).message, "error");
      }
    });
  }
}

/** The message about `field` in a refusal, if it is about that field. */
function fieldMessage(e: AppError, field: string): string | null {
  const f = e.fields?.find((x) => x.field === field);
  if (f) return f.message;
  return e.field === field ? e.message : null;
}
