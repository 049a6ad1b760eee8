// "Gün sonu raporu": a printable page for a day or a range — per provider and currency, every
// payment (time, customer, description, amount, installment surcharge, the provider's net where
// it says), the totals and what still waits. A refunded payment stays on the list, marked; the
// totals are net of refunds and the refunds get their own line. Printed (or saved as PDF) through
// the OS dialog, and saved as CSV with the same rows.

import { dayReport, exportDayReport, toAppError, type DayReport, type ReportGroup } from "../ipc";
import type { Ctx } from "../context";
import { asPickers, button, h } from "../dom";
import { formatCount, formatDateTime, formatMoney, istanbulLocalInput } from "../format";
import { formatDay } from "./summary";
import { busyWhile } from "./status";
import { refundBadge } from "./refund";

const NONE = "—";

export class ReportPage {
  readonly root: HTMLElement;
  private readonly from: HTMLInputElement;
  private readonly to: HTMLInputElement;
  private readonly title: HTMLElement;
  private readonly body: HTMLElement;
  private readonly error: HTMLElement;
  private seq = 0;

  constructor(
    private readonly ctx: Ctx,
    private readonly onClose: () => void,
  ) {
    const r = ctx.t.report;
    this.from = h("input", { id: "report-from", type: "text", "aria-label": r.from });
    this.to = h("input", { id: "report-to", type: "text", "aria-label": r.to });
    for (const el of [this.from, this.to]) el.addEventListener("change", () => void this.load());
    const back = button({ id: "report-back", class: "secondary" }, r.back, () => this.onClose());
    const print = button({ id: "report-print", class: "secondary" }, r.print, () => this.print());
    const csv = button({ id: "report-csv", class: "secondary" }, r.csv, () => void this.exportCsv(csv));
    this.title = h("h1", { id: "report-title" }, r.heading);
    this.body = h("div", { id: "report-body", class: "report-body" });
    this.error = h("p", { id: "report-error", class: "form-error", role: "alert", hidden: true });
    this.root = h(
      "section",
      { id: "day-report", class: "card report-page", hidden: true },
      h("div", { class: "report-actions" }, back, this.from, this.to, print, csv),
      this.title,
      this.error,
      this.body,
    );
  }

  /** Shows the report of `from`..`to` (`YYYY-MM-DD`; today when empty). */
  open(from: string, to: string): Promise<void> {
    asPickers("date", this.from, this.to);
    const today = istanbulLocalInput(new Date(), 0).slice(0, 10);
    this.from.value = from || to || today;
    this.to.value = to || from || today;
    this.root.hidden = false;
    return this.load();
  }

  private async load(): Promise<void> {
    const seq = ++this.seq;
    try {
      const report = await dayReport(this.from.value, this.to.value);
      if (seq !== this.seq) return;
      this.error.hidden = true;
      this.draw(report);
    } catch (err) {
      if (seq !== this.seq) return;
      this.error.textContent = toAppError(err).message;
      this.error.hidden = false;
      this.body.replaceChildren();
    }
  }

  private draw(report: DayReport): void {
    const t = this.ctx.t;
    const r = t.report;
    const days = report.from === report.to ? formatDay(report.from, t.locale) : `${formatDay(report.from, t.locale)} – ${formatDay(report.to, t.locale)}`;
    this.title.textContent = `${r.heading}: ${days}`;
    if (report.groups.length === 0) {
      this.body.replaceChildren(h("p", { class: "empty" }, r.empty));
      return;
    }
    this.body.replaceChildren(...report.groups.map((g) => this.group(g)));
  }

  private group(g: ReportGroup): HTMLElement {
    const t = this.ctx.t;
    const r = t.report;
    const money = (minor: number | null | undefined) => (minor === null || minor === undefined ? NONE : formatMoney(minor, g.currency));
    const th = (label: string, cls = "") => h("th", { scope: "col", class: cls }, label);
    const td = (text: string, cls = "") => h("td", { class: cls }, text);
    const payments = h(
      "table",
      { class: "report-table" },
      h("thead", {}, h("tr", {}, th(r.colTime), th(r.colCustomer), th(r.colDescription), th(r.colAmount, "num"), th(r.colSurcharge, "num"), th(r.colNet, "num"))),
      h(
        "tbody",
        {},
        ...g.payments.map((p) =>
          h(
            "tr",
            { "data-link-id": String(p.linkId) },
            td(formatDateTime(p.paidAt, t.locale), "when"),
            td(p.customer),
            td(p.description),
            h("td", { class: "num" }, money(p.amountMinor), refundBadge(t, p.amountMinor, p.refundedMinor, g.currency)),
            td(`${p.surchargeMinor ? money(p.surchargeMinor) : NONE}${p.installments ? ` (${r.installments(p.installments)})` : ""}`, "num"),
            td(money(p.netMinor), "num"),
          ),
        ),
      ),
      h(
        "tfoot",
        {},
        h(
          "tr",
          { class: "report-total" },
          h("td", { colspan: "3" }, r.total(formatCount(g.paidCount ?? g.payments.length))),
          td(money(g.paidTotalMinor), "num"),
          td(g.surchargeTotalMinor > 0 ? money(g.surchargeTotalMinor) : NONE, "num"),
          td(money(g.netTotalMinor), "num"),
        ),
        (g.refundedCount ?? 0) > 0
          ? h(
              "tr",
              { class: "report-refunds", title: t.refund.note },
              h("td", { colspan: "6" }, t.refund.total(formatCount(g.refundedCount), money(g.refundedTotalMinor))),
            )
          : null,
      ),
    );
    const waiting =
      g.waiting.length === 0
        ? null
        : h(
            "div",
            { class: "report-waiting" },
            h("h3", {}, r.waiting(formatCount(g.waiting.length), money(g.waitingTotalMinor))),
            h(
              "table",
              { class: "report-table" },
              h(
                "tbody",
                {},
                // The payments' columns, so the amounts line up under theirs.
                ...g.waiting.map((w) =>
                  h(
                    "tr",
                    { "data-link-id": String(w.linkId) },
                    td(formatDateTime(w.createdAt, t.locale), "when"),
                    td(w.customer),
                    td(w.description),
                    td(money(w.amountMinor), "num"),
                    td(""),
                    td(""),
                  ),
                ),
              ),
            ),
          );
    return h(
      "section",
      { class: "report-group", "data-provider": g.provider, "data-currency": g.currency },
      h("h2", {}, `${t.provider[g.provider]} · ${g.currency}`),
      g.payments.length > 0 ? payments : h("p", { class: "empty" }, r.noPayments),
      waiting,
    );
  }

  /** Only the report goes to paper (see the print stylesheet): the OS dialog also saves a PDF. */
  private print(): void {
    document.body.classList.add("print-report");
    const done = () => document.body.classList.remove("print-report");
    window.addEventListener("afterprint", done, { once: true });
    try {
      window.print();
    } catch (err) {
      done();
      this.ctx.toast(toAppError(err).message, "error");
    }
  }

  private async exportCsv(b: HTMLButtonElement): Promise<void> {
    await busyWhile(b, async () => {
      try {
        const res = await exportDayReport(this.from.value, this.to.value);
        if (res) this.ctx.toast(this.ctx.t.toast.exported(res.rows, res.path));
      } catch (err) {
        this.ctx.toast(toAppError(err).message, "error");
      }
    });
  }
}
