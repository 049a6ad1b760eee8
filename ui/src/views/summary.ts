// The strip above the Linkler table: what the current filter holds, counted by SQLite over every
// matching link (not the page on screen): "Bugün: 7 ödeme · 3.420,50 TL · 2 bekliyor …", one
// segment per currency (amounts are never added across currencies).

import { linkSummary, type LinkQuery, type LinkSummary } from "../ipc";
import type { Catalogue } from "../i18n";
import { h } from "../dom";
import { formatCount, formatMoney } from "../format";

/** "2026-11-22" → "22.11.2026" (tr) / "22/11/2026" (en): a calendar day, no time zone shift. */
export function formatDay(day: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale, { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" }).format(date);
}

/** What the strip is about: today, one day, a range, or every link. */
export function summaryLabel(t: Catalogue, query: LinkQuery, today: string): string {
  const days = dayLabel(t, query, today);
  // With "Hatırlatılacak" on, the totals are those of the links due a reminder.
  if (!query.toRemind) return days;
  return query.from || query.to ? `${t.remind.filter} · ${days}` : t.remind.filter;
}

function dayLabel(t: Catalogue, query: LinkQuery, today: string): string {
  const s = t.summary;
  const from = query.from ?? "";
  const to = query.to ?? "";
  if (!from && !to) return s.all;
  if (from === to) return from === today ? s.today : formatDay(from, t.locale);
  return s.range(from ? formatDay(from, t.locale) : "…", to ? formatDay(to, t.locale) : "…");
}

/** The strip's segments, in order: paid per currency, waiting per currency, then the others. */
export function summarySegments(t: Catalogue, sum: LinkSummary): { kind: string; text: string }[] {
  const s = t.summary;
  const out: { kind: string; text: string }[] = [];
  if (sum.paid.length === 0) out.push({ kind: "paid", text: s.paid(formatCount(0)) });
  for (const c of sum.paid) out.push({ kind: "paid", text: `${s.paid(formatCount(c.count))} · ${formatMoney(c.totalMinor, c.currency)}` });
  // Paid totals are net of refunds; what went back is said beside them.
  for (const c of sum.refunded ?? []) out.push({ kind: "refunded", text: t.refund.strip(formatCount(c.count), formatMoney(c.totalMinor, c.currency)) });
  for (const c of sum.waiting) out.push({ kind: "waiting", text: s.waiting(formatCount(c.count), formatMoney(c.totalMinor, c.currency)) });
  if (sum.expired > 0) out.push({ kind: "expired", text: s.expired(formatCount(sum.expired)) });
  if (sum.cancelled > 0) out.push({ kind: "cancelled", text: s.cancelled(formatCount(sum.cancelled)) });
  if (sum.unknown > 0) out.push({ kind: "unknown", text: s.unknown(formatCount(sum.unknown)) });
  return out;
}

function isSummary(v: unknown): v is LinkSummary {
  const s = v as LinkSummary | null | undefined;
  return !!s && Array.isArray(s.paid) && Array.isArray(s.waiting) && typeof s.today === "string";
}

export class SummaryStrip {
  readonly root: HTMLElement;
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly t: Catalogue) {
    this.root = h("div", { id: "links-summary", class: "summary-strip", "aria-live": "polite", hidden: true });
  }

  /** Asks for the totals of `query` and draws them; only the newest answer is drawn, and a
   *  failure hides the strip (the table says what went wrong). */
  async refresh(query: LinkQuery): Promise<void> {
    clearTimeout(this.timer);
    const seq = ++this.seq;
    const sum = await this.ask(query);
    if (seq === this.seq) this.draw(sum, query);
  }

  /** The totals of `query`, or null when they cannot be read. Asked by the list together with
   *  its page, so both are drawn in one go ([`SummaryStrip.show`]). */
  async ask(query: LinkQuery): Promise<LinkSummary | null> {
    try {
      const sum = await linkSummary(query);
      return isSummary(sum) ? sum : null;
    } catch (err) {
      console.warn("link_summary failed", err);
      return null;
    }
  }

  /** Draws totals from [`SummaryStrip.ask`] (null hides the strip); an older answer still on
   *  its way is then dropped. */
  show(sum: LinkSummary | null, query: LinkQuery): void {
    clearTimeout(this.timer);
    this.seq++;
    this.draw(sum, query);
  }

  /** A link changed (a payment arrived): the totals are read again, once, shortly. */
  soon(query: () => LinkQuery): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(query()), 250);
  }

  private draw(sum: LinkSummary | null, query: LinkQuery): void {
    if (!sum) {
      this.root.hidden = true;
      return;
    }
    const segments = summarySegments(this.t, sum);
    const parts: Node[] = [h("strong", { class: "summary-label" }, `${summaryLabel(this.t, query, sum.today)}:`)];
    segments.forEach((seg, i) => {
      if (i > 0) parts.push(h("span", { class: "summary-dot", "aria-hidden": "true" }, "·"));
      parts.push(h("span", { class: `summary-seg summary-${seg.kind}` }, seg.text));
    });
    this.root.replaceChildren(...parts);
    this.root.hidden = false;
  }
}
