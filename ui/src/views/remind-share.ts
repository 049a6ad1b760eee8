// Paylaş → "Hatırlatma": the reminders made for this link (when and how) and "Hatırlat" by
// WhatsApp, or by SMS / e-mail where the provider can send the link again (PayTR). Paynet and
// iyzico cannot: the panel says so and points to WhatsApp or copying the link.

import { listReminders, remindLink, toAppError, type LinkDto, type Reminder, type ReminderChannel } from "../ipc";
import type { Ctx } from "../context";
import { button, h } from "../dom";
import { reminderWhen } from "./remind";
import { busyWhile } from "./status";

/** "905321234567" (as WhatsApp wants it) → "0532 123 45 67" (as the owner types it); other
 *  addresses as they are. */
export function shownTo(to: string | undefined): string {
  const m = /^90(5\d{2})(\d{3})(\d{2})(\d{2})$/.exec(to ?? "");
  return m ? `0${m[1]} ${m[2]} ${m[3]} ${m[4]}` : (to ?? "");
}

/** Sent to the panel when its link got a reminder made elsewhere: the list is read again. */
export const REMINDED = "tahsildar-reminded";

/** One line of the list: "dün 14:05 · WhatsApp · 0532 123 45 67". */
export function reminderItem(ctx: Ctx, r: Reminder): HTMLLIElement {
  const t = ctx.t.remind;
  const parts = [reminderWhen(ctx.t, r.at), t.channel[r.channel], shownTo(r.to)].filter(Boolean);
  return h("li", { "data-channel": r.channel }, parts.join(" · "));
}

/** The panel for `link`; `phone` and `email` read the share view's own fields (what the owner
 *  typed there, the link's own by default). Null for a link that cannot be reminded and never was. */
export function remindPanel(ctx: Ctx, link: LinkDto, phone: () => string, email: () => string): HTMLElement | null {
  if (link.status !== "waiting" && !link.lastReminder) return null;
  const t = ctx.t.remind;
  const list = h("ul", { id: "reminder-list", class: "reminder-list" });
  const load = async () => {
    try {
      const all = await listReminders(link.id);
      list.replaceChildren(...(all.length ? all.map((r) => reminderItem(ctx, r)) : [h("li", { class: "hint" }, t.none)]));
    } catch (err) {
      list.replaceChildren(h("li", { class: "form-error" }, `${t.listFailed} ${toAppError(err).message}`));
    }
  };
  const remind = (channel: ReminderChannel, to: () => string) => async () => {
    try {
      const out = await remindLink(link.id, channel, to());
      // The share view hears of the new reminder through this and has the list read again.
      ctx.linkChanged(out.link);
      ctx.toast(out.message);
    } catch (err) {
      ctx.toast(toAppError(err).message, "error");
    }
  };
  const act = (id: string, label: string, cls: string, run: () => Promise<void>) => {
    const b: HTMLButtonElement = button({ id, class: cls }, label, () => void busyWhile(b, run));
    return b;
  };
  const waiting = link.status === "waiting";
  const buttons = waiting
    ? [
        act("remind-whatsapp", t.whatsapp, "secondary whatsapp", remind("whatsapp", phone)),
        ...(link.actions.resend
          ? [act("remind-sms", t.sms, "secondary", remind("sms", phone)), act("remind-email", t.email, "secondary", remind("email", email))]
          : []),
      ]
    : [];
  // A link read with its reminder fields and none made: nothing to ask (a new link, most often).
  if (link.lastReminder) void load();
  else list.append(h("li", { class: "hint" }, t.none));
  const panel = h(
    "section",
    { id: "reminders", class: "remind-panel" },
    h("h3", {}, t.heading),
    waiting ? h("p", { class: "hint" }, link.dueReminder ? `${t.due} ${t.intro}` : t.intro) : null,
    buttons.length ? h("div", { class: "button-row" }, ...buttons) : null,
    waiting && !link.actions.resend
      ? h("p", { id: "remind-cannot-resend", class: "hint" }, t.cannotResend(ctx.t.provider[link.provider]))
      : null,
    h("h4", {}, t.listHeading),
    list,
  );
  panel.addEventListener(REMINDED, () => void load());
  return panel;
}
