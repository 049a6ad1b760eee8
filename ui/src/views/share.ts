// "Paylaş": one link, large QR, and every way to hand it to the customer. Shown right after a
// create (then it is `#result`) and from any row of the list. Live status updates land here too.

import {
  checkLink,
  copyLink,
  copyQr,
  openWhatsapp,
  resendLink,
  saveQrPng,
  toAppError,
  type LinkDto,
} from "../ipc";
import type { Ctx } from "../context";
import { button, h } from "../dom";
import { formatDateTime } from "../format";
import { busyWhile, setStatus, statusPill } from "./status";

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
   *  a link that just got its URL (an unknown one, checked) is drawn again. */
  update(link: LinkDto): void {
    if (!this.link || this.link.id !== link.id) return;
    const gotUrl = !this.link.url && Boolean(link.url);
    const qr = link.qrPngDataUrl ?? this.link.qrPngDataUrl;
    this.link = { ...link, qrPngDataUrl: qr };
    if (gotUrl || (link.status === "unknown") !== Boolean(this.result.querySelector("#uncertain"))) {
      this.render(false);
      return;
    }
    this.applyState();
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
      h("dd", { id: "result-expires" }, link.expiresAt ? formatDateTime(link.expiresAt, locale) : s.noExpiry),
      this.paidRow,
      link.url ? h("dt", {}, s.url) : null,
      link.url ? h("dd", {}, h("span", { id: "link-url", class: "link-url" }, link.url)) : null,
    );
    const uncertain =
      link.status === "unknown"
        ? h(
            "div",
            { id: "uncertain", class: "warning" },
            h("p", {}, s.uncertain),
            link.note ? h("p", { class: "hint" }, link.note) : null,
            button({ id: "check-link", class: "primary act-check" }, s.check, () => void this.check()),
          )
        : null;
    this.result.replaceChildren(
      h("div", { class: "result-qr" }, qr, qr ? h("p", { class: "hint" }, s.scanHint) : h("p", { class: "hint" }, s.noUrl)),
      h(
        "div",
        { class: "result-details" },
        h("div", { class: "share-head" }, h("h2", {}, fresh ? s.heading : s.headingExisting), this.statusEl),
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
    const whatsapp = h("button", { id: "whatsapp", type: "submit", class: "primary whatsapp" }, s.whatsapp);
    const waForm = h(
      "form",
      { class: "wa-row", novalidate: true },
      whatsapp,
      h("label", { class: "inline-field" }, h("span", {}, s.phoneLabel), phone),
      h("p", { id: "whatsapp-hint", class: "hint" }, s.phoneHint),
    );
    waForm.addEventListener("submit", (e) => {
      e.preventDefault();
      const open = () => this.run(() => openWhatsapp(link.id, phone.value.trim()), () => this.ctx.t.toast.whatsappOpened);
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
    return h("div", { class: "share-actions" }, waForm, h("div", { class: "button-row" }, copy, copyImg, save, print), this.resendRow);
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
