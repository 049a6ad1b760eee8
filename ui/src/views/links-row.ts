// One row of the links table: its cells and the buttons for what can be done with it now (the
// `actions` Rust computed for its status and provider).

import type { LinkDto } from "../ipc";
import type { Catalogue } from "../i18n";
import { armed, button, h } from "../dom";
import { formatDateTime } from "../format";
import { statusPill } from "./status";
import { lastReminderNote } from "./remind";
import { refundBadge } from "./refund";

export type RowAction = "share" | "refresh" | "cancel" | "reopen" | "delete" | "check" | "resend" | "remind";

export interface RowHandlers {
  act(action: RowAction, link: LinkDto, button: HTMLButtonElement): void;
  select(link: LinkDto, selected: boolean): void;
}

export function linkRow(t: Catalogue, link: LinkDto, selected: boolean, on: RowHandlers): HTMLTableRowElement {
  const l = t.links;
  const check = h("input", {
    type: "checkbox",
    class: "row-select",
    checked: selected,
    "aria-label": l.select(link.customer || link.description),
  });
  check.addEventListener("change", () => on.select(link, check.checked));
  const buttons: HTMLButtonElement[] = [];
  // Compact, one line: a short label or a sign on the button, the full words in its tooltip
  // (and for a sign, its accessible name).
  const add = (action: RowAction, label: string, short: string, shown: boolean) => {
    if (!shown) return;
    const attrs = { class: `small act-${action}`, title: label, "aria-label": short === label ? undefined : label };
    const b: HTMLButtonElement =
      action === "delete"
        ? armed({ ...attrs, class: `${attrs.class} danger` }, short, () => t.common.confirmAgain, () => on.act(action, link, b))
        : button(attrs, short, () => on.act(action, link, b));
    if (short !== label && short.length <= 2) b.classList.add("icon");
    buttons.push(b);
  };
  const a = link.actions;
  // Due a reminder (past the Ayarlar threshold, not reminded since): first, in words.
  add("remind", t.remind.actHint, t.remind.act, Boolean(link.dueReminder) && a.share);
  add("share", l.actShare, l.iconShare, Boolean(link.url) && link.status !== "deleted");
  add("check", l.actCheck, l.iconCheck, a.check);
  add("refresh", l.actRefresh, l.iconRefresh, a.refresh);
  add("resend", l.actResend, l.iconResend, a.resend);
  add("cancel", l.actCancel, l.iconCancel, a.cancel);
  add("reopen", l.actReopen, l.iconReopen, a.reopen);
  add("delete", l.actDelete, l.iconDelete, a.delete);
  return h(
    "tr",
    { "data-link-id": String(link.id), class: selected ? "selected" : undefined },
    h("td", { class: "col-select" }, check),
    h("td", { class: "col-date" }, formatDateTime(link.createdAt, t.locale)),
    h("td", { class: "col-customer", title: link.customer || undefined }, h("span", { class: "clamp" }, link.customer)),
    h("td", { class: "col-description", title: link.description }, h("span", { class: "clamp" }, link.description)),
    h("td", { class: "col-amount" }, link.amountText),
    h("td", { class: "col-provider" }, t.provider[link.provider]),
    h("td", { class: "col-status" }, statusPill(t, link.status), refundBadge(t, link.amountMinor, link.refundedMinor, link.currency), lastReminderNote(t, link)),
    h("td", { class: "col-actions" }, h("div", { class: "row-actions" }, ...buttons)),
  );
}
