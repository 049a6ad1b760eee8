// Reminders for unpaid links (issue 11 §2) on Linkler: the row's "Hatırlat" and its last reminder,
// the "Hatırlatılacak" filter chip and the small count on the Linkler tab. Nothing is sent
// unless the owner clicks.

import { countToRemind, remindLink, toAppError, type LinkDto, type Reminder, type RemindResult } from "../ipc";
import type { Catalogue } from "../i18n";
import type { Ctx } from "../context";
import { h } from "../dom";
import { TIME_ZONE } from "../format";
import { busyWhile } from "./status";
import "../styles-remind.css";

/** How often the count is asked again while the app is open: links become due as time passes. */
export const COUNT_EVERY_MS = 5 * 60_000;
/** Bursts of link changes (a tracker sweep) ask for the count once. */
export const COUNT_DELAY_MS = 300;

const dayKey = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE }).format(d);

/** "bugün 14:05", "dün 14:05", else "28.11.2026 14:05": Turkish time, in the UI's locale. */
export function reminderWhen(t: Catalogue, iso: string, now = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  const time = new Intl.DateTimeFormat(t.locale, { timeStyle: "short", timeZone: TIME_ZONE }).format(at);
  if (dayKey(at) === dayKey(now)) return t.remind.today(time);
  if (dayKey(at) === dayKey(new Date(now.getTime() - 86_400_000))) return t.remind.yesterday(time);
  const date = new Intl.DateTimeFormat(t.locale, { dateStyle: "short", timeZone: TIME_ZONE }).format(at);
  return `${date} ${time}`;
}

/** "Hatırlatıldı: dün 14:05 · WhatsApp". */
export function reminderLine(t: Catalogue, r: Reminder, now = new Date()): string {
  return t.remind.last(reminderWhen(t, r.at, now), t.remind.channel[r.channel]);
}

/** The row's note under the status, or nothing. */
export function lastReminderNote(t: Catalogue, link: LinkDto): HTMLElement | null {
  if (!link.lastReminder) return null;
  const text = reminderLine(t, link.lastReminder);
  return h("span", { class: "remind-note", title: text }, text);
}

/** A link update without the reminder fields (a tracker event) keeps what the row knew while
 *  the link still waits; a link that moved on is never due. */
export function keepReminder(old: LinkDto | undefined, fresh: LinkDto): LinkDto {
  if (fresh.dueReminder !== undefined || !old) return fresh;
  if (fresh.status !== "waiting") return { ...fresh, dueReminder: false, lastReminder: old.lastReminder };
  return { ...fresh, dueReminder: old.dueReminder, lastReminder: old.lastReminder };
}

/** "Hatırlat" from a row: WhatsApp opens with the reminder to the link's own phone (none: the
 *  owner picks the contact in WhatsApp). The answer's link redraws the row. */
export async function remindFromRow(ctx: Ctx, link: LinkDto, b: HTMLButtonElement): Promise<RemindResult | null> {
  let out: RemindResult | null = null;
  await busyWhile(b, async () => {
    try {
      out = await remindLink(link.id, "whatsapp", link.phone ?? "");
      ctx.linkChanged(out.link);
      ctx.toast(out.message);
    } catch (err) {
      ctx.toast(toAppError(err).message, "error");
    }
  });
  return out;
}

/** The "Hatırlatılacak" chip in Linkler's filter bar and the count on the Linkler tab. */
export class RemindFilter {
  /** The chip: a toggle button with the count. */
  readonly chip: HTMLButtonElement;
  /** The small count on the Linkler tab (placed by the app). */
  readonly badge: HTMLElement;
  private readonly chipCount: HTMLElement;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private seq = 0;
  count = 0;

  constructor(
    private readonly t: Catalogue,
    onToggle: () => void,
  ) {
    this.chipCount = h("span", { class: "remind-chip-count", hidden: true });
    this.chip = h(
      "button",
      { id: "links-to-remind", type: "button", class: "remind-chip", "aria-pressed": "false", title: t.remind.filterHint },
      t.remind.filter,
      this.chipCount,
    );
    this.chip.addEventListener("click", () => {
      this.chip.setAttribute("aria-pressed", String(!this.on));
      onToggle();
    });
    this.badge = h("span", { id: "remind-count", class: "remind-count", hidden: true });
    this.start();
  }

  get on(): boolean {
    return this.chip.getAttribute("aria-pressed") === "true";
  }

  /** Asks for the count now, and every few minutes while the view exists. */
  start(): void {
    void this.refresh();
    clearInterval(this.ticker);
    this.ticker = setInterval(() => {
      // A language switch builds new views: the old one's timer ends with it.
      if (!this.chip.isConnected) return clearInterval(this.ticker);
      void this.refresh();
    }, COUNT_EVERY_MS);
  }

  /** Links changed: the count is asked again, once per burst. */
  soon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), COUNT_DELAY_MS);
  }

  async refresh(): Promise<void> {
    const seq = ++this.seq;
    try {
      const n = await countToRemind();
      if (seq === this.seq) this.show(n);
    } catch (err) {
      console.warn("count_to_remind failed", toAppError(err).message);
    }
  }

  private show(n: number): void {
    this.count = n;
    const shown = Number.isInteger(n) && n > 0;
    const text = shown ? (n > 99 ? "99+" : String(n)) : "";
    for (const el of [this.badge, this.chipCount]) {
      el.hidden = !shown;
      el.textContent = text;
    }
    this.badge.title = shown ? this.t.remind.count(n) : "";
    if (shown) this.badge.setAttribute("aria-label", this.t.remind.count(n));
    else this.badge.removeAttribute("aria-label");
  }
}
