// One row of the links table: its cells and the buttons for what can be done with it now (the
// `actions` Rust computed for its status and provider). A row is drawn again in place for another
// link (a search, the next page): its cells keep their elements and only their text changes, so
// WebKit lays the table out again instead of building fifty new rows (~28 → ~17 ms per search
// over fifty rows, measured in the page under Xvfb).

import type { LinkDto } from "../ipc";
import type { Catalogue } from "../i18n";
import { armed, button, h, setTicked, tick } from "../dom";
import { formatDateTime } from "../format";
import { statusPill } from "./status";
import { lastReminderNote, reminderLine } from "./remind";
import { refundBadge, refundText } from "./refund";

export type RowAction = "share" | "refresh" | "cancel" | "reopen" | "delete" | "check" | "resend" | "remind";

export interface RowHandlers {
  act(action: RowAction, link: LinkDto, button: HTMLButtonElement): void;
  select(link: LinkDto, selected: boolean): void;
}

/** The buttons a link gets now: [action, full label, short label]. */
function actionsOf(t: Catalogue, link: LinkDto): [RowAction, string, string][] {
  const l = t.links;
  const a = link.actions;
  const all: [RowAction, string, string, boolean][] = [
    // Due a reminder (past the Ayarlar threshold, not reminded since): first, in words.
    ["remind", t.remind.actHint, t.remind.act, Boolean(link.dueReminder) && a.share],
    ["share", l.actShare, l.iconShare, Boolean(link.url) && link.status !== "deleted"],
    ["check", l.actCheck, l.iconCheck, a.check],
    ["refresh", l.actRefresh, l.iconRefresh, a.refresh],
    ["resend", l.actResend, l.iconResend, a.resend],
    ["cancel", l.actCancel, l.iconCancel, a.cancel],
    ["reopen", l.actReopen, l.iconReopen, a.reopen],
    ["delete", l.actDelete, l.iconDelete, a.delete],
  ];
  return all.filter(([, , , shown]) => shown).map(([action, label, short]) => [action, label, short]);
}

function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

function setTitle(el: HTMLElement, title: string): void {
  if (title) el.title = title;
  else el.removeAttribute("title");
}

export class LinkRow {
  readonly tr: HTMLTableRowElement;
  /** The link the row shows now: its buttons act on this one. */
  link!: LinkDto;
  private readonly check: HTMLButtonElement;
  private readonly date: HTMLTableCellElement;
  private readonly customerCell: HTMLTableCellElement;
  private readonly customer: HTMLElement;
  private readonly descriptionCell: HTMLTableCellElement;
  private readonly description: HTMLElement;
  private readonly amount: HTMLTableCellElement;
  private readonly provider: HTMLTableCellElement;
  private readonly status: HTMLTableCellElement;
  private readonly actions: HTMLElement;
  /** The buttons shown: kept while the same ones are (see `showActions`). */
  private actionsKey = "";
  /** What the status cell shows: kept while it is the same. */
  private statusKey = "";

  constructor(
    private readonly t: Catalogue,
    link: LinkDto,
    selected: boolean,
    private readonly on: RowHandlers,
  ) {
    // Named in `show`, after the link it ticks.
    this.check = tick("", (ticked) => {
      this.tr.classList.toggle("selected", ticked);
      on.select(this.link, ticked);
    });
    this.check.classList.add("row-select");
    this.date = h("td", { class: "col-date" });
    this.customer = h("span", { class: "clamp" });
    this.customerCell = h("td", { class: "col-customer" }, this.customer);
    this.description = h("span", { class: "clamp" });
    this.descriptionCell = h("td", { class: "col-description" }, this.description);
    this.amount = h("td", { class: "col-amount" });
    this.provider = h("td", { class: "col-provider" });
    this.status = h("td", { class: "col-status" });
    this.actions = h("div", { class: "row-actions" });
    this.tr = h(
      "tr",
      {},
      h("td", { class: "col-select" }, this.check),
      this.date,
      this.customerCell,
      this.descriptionCell,
      this.amount,
      this.provider,
      this.status,
      h("td", { class: "col-actions" }, this.actions),
    );
    this.show(link, selected);
  }

  /** Shows `link` in this row (the same link changed, or another one in its place). */
  show(link: LinkDto, selected: boolean): void {
    const t = this.t;
    const other = this.link?.id !== link.id;
    // A tick or button the owner had focused stays with its link: the row now shows another one
    // (a reload after a payment shifted the list), so Enter or Space must not act on that one.
    const focused = document.activeElement;
    if (other && focused instanceof HTMLElement && this.tr.contains(focused)) focused.blur();
    this.link = link;
    this.tr.dataset.linkId = String(link.id);
    this.tr.classList.toggle("selected", selected);
    setTicked(this.check, selected);
    const name = t.links.select(link.customer || link.description);
    if (this.check.getAttribute("aria-label") !== name) this.check.setAttribute("aria-label", name);
    setText(this.date, formatDateTime(link.createdAt, t.locale));
    setTitle(this.customerCell, link.customer);
    setText(this.customer, link.customer);
    setTitle(this.descriptionCell, link.description);
    setText(this.description, link.description);
    setText(this.amount, link.amountText);
    setText(this.provider, t.provider[link.provider]);
    this.showStatus(link);
    this.showActions(actionsOf(t, link), other);
  }

  /** The pill, the refund badge and the last reminder: made again only when one of them changes
   *  (in a search's answer most rows say the same "Ödendi"). */
  private showStatus(link: LinkDto): void {
    const t = this.t;
    // Keyed by the words shown (a reminder's "bugün 14:05" turns "dün" overnight), not by elements
    // made only to be compared.
    const refund = refundText(t, link.amountMinor, link.refundedMinor, link.currency);
    const reminder = link.lastReminder ? reminderLine(t, link.lastReminder) : null;
    const key = JSON.stringify([link.status, refund, reminder]);
    if (key === this.statusKey) return;
    this.statusKey = key;
    const extras = [refundBadge(t, link.amountMinor, link.refundedMinor, link.currency), lastReminderNote(t, link)];
    this.status.replaceChildren(statusPill(t, link.status), ...extras.filter((e): e is HTMLElement => e !== null));
  }

  /** The buttons are made again only when they differ, or when another link takes the row while
   *  one is mid-action (armed "delete", busy): never a confirmation carried over to another link. */
  private showActions(list: [RowAction, string, string][], other: boolean): void {
    const key = JSON.stringify(list);
    const pending = this.actions.querySelector("button.armed, button:disabled") !== null;
    if (key === this.actionsKey && !(other && pending)) return;
    this.actionsKey = key;
    const t = this.t;
    // Compact, one line: a short label or a sign on the button, the full words in its tooltip
    // (and for a sign, its accessible name).
    this.actions.replaceChildren(
      ...list.map(([action, label, short]) => {
        const attrs = { class: `small act-${action}`, title: label, "aria-label": short === label ? undefined : label };
        const b: HTMLButtonElement =
          action === "delete"
            ? armed({ ...attrs, class: `${attrs.class} danger` }, short, () => t.common.confirmAgain, () => this.on.act(action, this.link, b))
            : button(attrs, short, () => this.on.act(action, this.link, b));
        if (short !== label && short.length <= 2) b.classList.add("icon");
        return b;
      }),
    );
  }
}
