// "Ödeme geldi — hangi link?": a PayTR sale that fits several waiting links (same amount). The
// owner picks the link it paid, or "Hiçbiri". One sale at a time, the others wait their turn; the
// panel sits above every view so it is seen wherever the owner is.

import { dismissSale, resolveSale, toAppError, type AmbiguousSale, type LinkDto } from "../ipc";
import type { Ctx } from "../context";
import { button, h } from "../dom";
import { formatDateTime } from "../format";
import { busyWhile } from "./status";

export class AmbiguousPanel {
  readonly root: HTMLElement;
  private sales: AmbiguousSale[] = [];

  constructor(private readonly ctx: Ctx) {
    this.root = h("section", {
      id: "ambiguous-sale",
      class: "ambiguous card",
      role: "alertdialog",
      "aria-labelledby": "ambiguous-title",
      "aria-describedby": "ambiguous-amount",
      hidden: true,
    });
    // Up/Down move between the choices, like a list.
    this.root.addEventListener("keydown", (e) => {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      const buttons = [...this.root.querySelectorAll<HTMLButtonElement>("button:not(:disabled)")];
      const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
      if (i < 0) return;
      e.preventDefault();
      buttons[(i + (e.key === "ArrowDown" ? 1 : buttons.length - 1)) % buttons.length]?.focus();
    });
  }

  /** The sales waiting for a pick (the list from Rust at start). */
  get pending(): readonly AmbiguousSale[] {
    return this.sales;
  }

  /** Every sale in `sales` is shown, the first now; a sale already here is updated. */
  set(sales: readonly AmbiguousSale[]): void {
    this.sales = [];
    for (const s of sales) this.upsert(s);
    this.render();
  }

  /** A new sale from the tracker. Focus moves to it unless the owner is typing somewhere. */
  add(sale: AmbiguousSale): void {
    this.upsert(sale);
    this.render();
    const active = document.activeElement;
    const typing = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement || active instanceof HTMLSelectElement;
    if (!typing) this.focus();
  }

  focus(): void {
    this.root.querySelector<HTMLButtonElement>(".pick-link")?.focus();
  }

  private upsert(sale: AmbiguousSale): void {
    const i = this.sales.findIndex((s) => s.oid === sale.oid);
    if (i >= 0) this.sales[i] = sale;
    else this.sales.push(sale);
  }

  private done(oid: string): void {
    this.sales = this.sales.filter((s) => s.oid !== oid);
    this.render();
    if (this.sales.length > 0) this.focus();
  }

  private render(): void {
    const sale = this.sales[0];
    this.root.hidden = !sale;
    if (!sale) {
      this.root.replaceChildren();
      return;
    }
    const a = this.ctx.t.ambiguous;
    const more = this.sales.length - 1;
    const picks = sale.candidates.map((link) => this.pick(sale, link));
    const none = button({ id: "ambiguous-dismiss", class: "secondary" }, a.none, () => void this.dismiss(sale, none));
    this.root.dataset.oid = sale.oid;
    this.root.replaceChildren(
      h("h2", { id: "ambiguous-title" }, a.title),
      h("p", { id: "ambiguous-amount", class: "ambiguous-amount" }, a.paid(sale.amountText)),
      h("p", { class: "hint" }, a.hint),
      h("div", { class: "ambiguous-picks", role: "group", "aria-label": a.title }, ...picks),
      h("div", { class: "actions" }, none, more > 0 ? h("span", { class: "hint" }, a.more(more)) : null),
    );
  }

  private pick(sale: AmbiguousSale, link: LinkDto): HTMLButtonElement {
    const a = this.ctx.t.ambiguous;
    const who = link.customer || a.noCustomer;
    const b = h(
      "button",
      { type: "button", class: "pick-link", "data-link-id": String(link.id) },
      h("span", { class: "pick-customer" }, who),
      h("span", { class: "pick-description" }, link.description),
      h("span", { class: "pick-created" }, a.created(formatDateTime(link.createdAt, this.ctx.t.locale))),
    );
    b.addEventListener("click", () => void this.resolve(sale, link, b));
    return b;
  }

  private async resolve(sale: AmbiguousSale, link: LinkDto, b: HTMLButtonElement): Promise<void> {
    await busyWhile(b, async () => {
      try {
        const paid = await resolveSale(sale.oid, link.id);
        this.ctx.linkChanged(paid);
        this.ctx.toast(this.ctx.t.ambiguous.resolved(paid.customer || paid.description));
        this.done(sale.oid);
      } catch (err) {
        this.ctx.toast(toAppError(err).message, "error");
      }
    });
  }

  private async dismiss(sale: AmbiguousSale, b: HTMLButtonElement): Promise<void> {
    await busyWhile(b, async () => {
      try {
        await dismissSale(sale.oid);
        this.done(sale.oid);
      } catch (err) {
        this.ctx.toast(toAppError(err).message, "error");
      }
    });
  }
}
