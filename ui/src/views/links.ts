// "Linkler": every link, newest first, a page at a time (the store may hold 100,000), with
// search, filters, row actions, multi-select delete and a CSV export of the current filter.

import {
  cancelLink,
  checkLink,
  deleteLinks,
  exportCsv,
  listLinks,
  refreshLink,
  reopenLink,
  toAppError,
  type LinkDto,
  type LinkStatus,
} from "../ipc";
import type { Ctx } from "../context";
import { armed, asPickers, button, h, option, setArmedLabel, setTicked, tick, warmHidden } from "../dom";
import { formatCount, istanbulLocalInput } from "../format";
import { LinkRow, type RowAction } from "./links-row";
import { busyWhile } from "./status";
import { ReportPage } from "./report";
import { SummaryStrip } from "./summary";
import { keepReminder, remindFromRow, RemindFilter } from "./remind";
import { buildQuery, type Asked, type LinkFilterForm } from "./links-query";

export { buildQuery, type LinkFilterForm } from "./links-query";

export const PAGE_SIZE = 50;
export const SEARCH_DELAY_MS = 150;
const FILTER_STATUSES: LinkStatus[] = ["waiting", "paid", "expired", "cancelled", "deleted", "unknown", "failed"];

export class LinksView {
  readonly root: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly status: HTMLSelectElement;
  private readonly provider: HTMLSelectElement;
  private readonly from: HTMLInputElement;
  private readonly to: HTMLInputElement;
  private readonly body: HTMLTableSectionElement;
  private readonly total: HTMLElement;
  private readonly pageLabel: HTMLElement;
  private readonly prev: HTMLButtonElement;
  private readonly next: HTMLButtonElement;
  private readonly deleteSelected: HTMLButtonElement;
  private readonly selectAll: HTMLButtonElement;
  private readonly error: HTMLElement;
  private readonly summary: SummaryStrip;
  readonly remind: RemindFilter;
  private readonly report: ReportPage;
  private readonly card: HTMLElement;
  private rows: LinkDto[] = [];
  /** The table's rows, in order: `views[i]` shows `rows[i]`. */
  private views: LinkRow[] = [];
  private count = 0;
  private offset = 0;
  private readonly selected = new Set<number>();
  private seq = 0;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private loaded = false;
  private shown = false;
  /** Everything the table's drawing depends on (filter, page, answer, selection), to skip
   *  redrawing an unchanged page. */
  private drawn = "";

  constructor(private readonly ctx: Ctx) {
    const t = ctx.t;
    const l = t.links;
    this.search = h("input", { id: "links-search", type: "search", placeholder: l.search, "aria-label": l.search });
    this.status = h(
      "select",
      { id: "links-status", "aria-label": l.colStatus },
      option("", l.statusAll, true),
      ...FILTER_STATUSES.map((s) => option(s, t.status[s])),
    );
    this.provider = h(
      "select",
      { id: "links-provider", "aria-label": l.colProvider },
      option("", l.providerAll, true),
      option("paynet", t.provider.paynet),
      option("paytr", t.provider.paytr),
      option("iyzico", t.provider.iyzico),
    );
    this.from = h("input", { id: "links-from", type: "text", "aria-label": l.from });
    this.to = h("input", { id: "links-to", type: "text", "aria-label": l.to });
    const todayButton = button({ id: "links-today", class: "secondary", title: t.summary.todayHint }, t.summary.todayButton, () => {
      const today = istanbulLocalInput(new Date(), 0).slice(0, 10);
      this.from.value = today;
      this.to.value = today;
      this.refilter();
    });
    const exportButton = button({ id: "links-export", class: "secondary" }, l.export, () => void this.exportCsv(exportButton));
    this.search.addEventListener("input", () => {
      clearTimeout(this.searchTimer);
      // Asked at once, drawn after the pause: the store answers while the owner is still typing
      // (a few ms through the search index), so the pause ends with the answer (rows and
      // totals) in hand. Only the last keystroke's answer is ever drawn.
      const early = this.ask(0);
      this.searchTimer = setTimeout(() => this.refilter(early), SEARCH_DELAY_MS);
    });
    for (const el of [this.status, this.provider, this.from, this.to]) el.addEventListener("change", () => this.refilter());

    this.remind = new RemindFilter(t, () => this.refilter());
    this.deleteSelected = armed(
      { id: "links-delete-selected", class: "danger", disabled: true },
      l.deleteSelected(0),
      () => t.common.confirmAgain,
      () => void this.remove([...this.selected], this.deleteSelected),
    );
    this.selectAll = tick(l.selectAll, (all) => {
      for (const r of this.rows) {
        if (all) this.selected.add(r.id);
        else this.selected.delete(r.id);
      }
      this.renderRows();
    });
    this.selectAll.id = "links-select-all";
    this.body = h("tbody");
    const th = (label: string, cls: string) => h("th", { scope: "col", class: cls }, label);
    const table = h(
      "table",
      { id: "links-table", class: "links-table" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { class: "col-select" }, this.selectAll),
          th(l.colDate, "col-date"),
          th(l.colCustomer, "col-customer"),
          th(l.colDescription, "col-description"),
          th(l.colAmount, "col-amount"),
          th(l.colProvider, "col-provider"),
          th(l.colStatus, "col-status"),
          th(l.colActions, "col-actions"),
        ),
      ),
      this.body,
    );
    this.total = h("p", { id: "links-total", class: "hint", "aria-live": "polite" });
    this.pageLabel = h("span", { id: "links-page", class: "hint" });
    this.prev = button({ id: "links-prev", class: "secondary" }, l.prev, () => this.page(-1));
    this.next = button({ id: "links-next", class: "secondary" }, l.next, () => this.page(1));
    this.summary = new SummaryStrip(t);
    this.report = new ReportPage(ctx, () => this.closeReport());
    const reportButton = button({ id: "links-report", class: "secondary" }, t.summary.report, () => void this.openReport());
    this.error = h("p", { id: "links-error", class: "form-error", role: "alert", hidden: true });
    this.card = h(
        "div",
        { class: "card links-card" },
        h("div", { class: "links-head" }, h("h1", {}, l.heading), this.total, h("div", { class: "links-head-actions" }, this.remind.chip, todayButton, reportButton)),
        h("div", { class: "filters" }, this.search, this.status, this.provider, this.from, this.to, exportButton),
        this.summary.root,
        h("div", { class: "bulk" }, this.deleteSelected),
        this.error,
        h("div", { class: "table-wrap" }, table),
        h("div", { class: "pager" }, this.prev, this.pageLabel, this.next),
      );
    this.root = h("section", { class: "view view-links" }, this.card, this.report.root);
  }

  /** "Gün sonu raporu" for the filter's days (today when none is chosen), in place of the list. */
  private openReport(): Promise<void> {
    this.card.hidden = true;
    return this.report.open(this.from.value, this.to.value);
  }

  private closeReport(): void {
    this.report.root.hidden = true;
    this.card.hidden = false;
  }

  /** Loads the current page each time the view is shown (statuses may have moved); a page
   *  fetched beforehand is on screen at once and redrawn only if it changed. */
  onShow(): void {
    asPickers("date", this.from, this.to);
    void this.load();
    if (!this.shown) this.search.focus();
    this.shown = true;
  }

  /** Fetches and draws the first page while the view is hidden, so the first look at Linkler
   *  does not wait for it (the app calls this once it is idle after start). */
  async prefetch(): Promise<void> {
    if (this.loaded) return;
    await this.load();
    // The first layout of the table loads its fonts and costs ~100 ms, which the owner would
    // otherwise wait for on the first click (the bench measured 110 ms → 20–35 ms to laid out).
    warmHidden(this.root);
  }

  filterForm(): LinkFilterForm {
    const toRemind = this.remind.on ? "1" : "";
    return { text: this.search.value, status: this.status.value, provider: this.provider.value, from: this.from.value, to: this.to.value, toRemind };
  }

  /** The page at `offset` for what the filter bar shows now, and the totals of that filter
   *  (over every matching link), asked at once: the page first, it is what the owner reads. */
  private ask(offset: number): Asked {
    const form = this.filterForm();
    const page = listLinks(buildQuery(form, { offset, limit: PAGE_SIZE }));
    page.catch(() => undefined); // handled when (if) it is drawn
    const query = buildQuery(form);
    const asked: Asked = { query, page, summary: this.summary.ask(query) };
    void asked.summary.then((sum) => (asked.totals = sum));
    return asked;
  }

  /** Fetches the page and its totals (or takes `asked`, the same asked for earlier) and draws
   *  them; an answer that comes after a newer request is dropped. */
  async load(asked?: Asked): Promise<void> {
    const seq = ++this.seq;
    const both = asked ?? this.ask(this.offset);
    try {
      const page = await both.page;
      if (seq !== this.seq) return;
      // Resolved once the totals are drawn too: the prefetch lays the view out after both.
      const totals = this.showSummary(seq, both);
      this.loaded = true;
      this.error.hidden = true;
      if (page.rows.length === 0 && this.offset > 0 && page.total > 0) {
        // The page emptied (deletes, a narrower filter): show the last one that has rows.
        this.offset = Math.max(0, Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE);
        return this.load();
      }
      // The filter words the totals ("no match" / "no links yet"); a refilter clears the ticks.
      const key = JSON.stringify([this.filterForm(), this.offset, page.total, page.rows, [...this.selected]]);
      if (key === this.drawn) return totals;
      this.drawn = key;
      this.rows = page.rows;
      this.count = page.total;
      this.renderRows();
      return totals;
    } catch (err) {
      if (seq !== this.seq) return;
      void this.showSummary(seq, both);
      this.error.textContent = `${this.ctx.t.links.loadFailed} ${toAppError(err).message}`;
      this.error.hidden = false;
    }
  }

  /** Totals already in hand (a search's, asked on the keystroke) are drawn in this task, with
   *  the rows: one frame. Later ones are drawn when they come; the rows never wait for them
   *  (over many matches they take longer than the page). */
  private async showSummary(seq: number, asked: Asked): Promise<void> {
    if (asked.totals !== undefined) return this.summary.show(asked.totals, asked.query);
    await asked.summary.then((sum) => {
      if (seq === this.seq) this.summary.show(sum, asked.query);
    });
  }

  /** A link changed (event or action): its row is redrawn; a new one reloads the first page. */
  update(link: LinkDto): void {
    if (this.loaded) this.summary.soon(() => buildQuery(this.filterForm()));
    this.remind.soon();
    const i = this.rows.findIndex((r) => r.id === link.id);
    if (i >= 0) {
      link = keepReminder(this.rows[i], link);
      this.rows[i] = link;
      this.drawn = "";
      this.views.find((v) => v.link.id === link.id)?.show(link, this.selected.has(link.id));
      return;
    }
    // A new link: it belongs on the first page.
    if (this.offset === 0) this.reload();
  }

  /** Many links changed: the page shown is read again, once, shortly. */
  reload(): void {
    this.remind.soon();
    if (!this.loaded) return;
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => void this.load(), 400);
  }

  private refilter(asked?: Asked): void {
    clearTimeout(this.searchTimer);
    this.offset = 0;
    this.selected.clear();
    void this.load(asked);
  }

  private page(step: number): void {
    const next = this.offset + step * PAGE_SIZE;
    if (next < 0 || next >= this.count) return;
    this.offset = next;
    void this.load();
  }

  /** The table for `this.rows`. The rows already in the table show the new links in place
   *  (see `LinkRow`); only the missing ones are made, the extra ones removed. */
  private renderRows(): void {
    const l = this.ctx.t.links;
    const kept = Math.min(this.views.length, this.rows.length);
    this.views.slice(0, kept).forEach((view, i) => {
      const link = this.rows[i]!;
      view.show(link, this.selected.has(link.id));
    });
    for (const extra of this.views.splice(this.rows.length)) extra.tr.remove();
    const made = this.rows.slice(kept).map((r) => this.row(r));
    this.views.push(...made);
    this.body.append(...made.map((v) => v.tr));
    const filtered = Object.values(this.filterForm()).some((v) => v.trim() !== "");
    if (this.count === 0) {
      this.total.textContent = filtered ? l.totalNone : l.empty;
    } else {
      this.total.textContent = l.total(
        formatCount(this.count),
        formatCount(this.offset + 1),
        formatCount(this.offset + this.rows.length),
      );
    }
    const pages = Math.max(1, Math.ceil(this.count / PAGE_SIZE));
    this.pageLabel.textContent = l.page(formatCount(Math.floor(this.offset / PAGE_SIZE) + 1), formatCount(pages));
    this.prev.disabled = this.offset === 0;
    this.next.disabled = this.offset + PAGE_SIZE >= this.count;
    this.renderSelection();
  }

  private renderSelection(): void {
    const n = this.selected.size;
    setArmedLabel(this.deleteSelected, this.ctx.t.links.deleteSelected(n));
    this.deleteSelected.disabled = n === 0;
    setTicked(this.selectAll, this.rows.length > 0 && this.rows.every((r) => this.selected.has(r.id)));
  }

  private row(link: LinkDto): LinkRow {
    return new LinkRow(this.ctx.t, link, this.selected.has(link.id), {
      act: (action, l, b) => void this.act(action, l, b),
      select: (l, on) => {
        if (on) this.selected.add(l.id);
        else this.selected.delete(l.id);
        this.renderSelection();
      },
    });
  }

  private async act(action: RowAction, link: LinkDto, b: HTMLButtonElement): Promise<void> {
    const t = this.ctx.t.toast;
    // PayTR cannot be asked about an uncertain create, and iyzico may not know it by our
    // reference: the owner answers (or asks again) in the share view.
    if (action === "share" || action === "resend" || (action === "check" && link.provider !== "paynet")) {
      return this.ctx.openLink(link.id);
    }
    if (action === "delete") return this.remove([link.id], b);
    if (action === "remind") return void (await remindFromRow(this.ctx, link, b));
    const calls = {
      refresh: [refreshLink, t.refreshed],
      check: [checkLink, t.refreshed],
      cancel: [cancelLink, t.cancelled],
      reopen: [reopenLink, t.reopened],
    } as const;
    const [call, done] = calls[action];
    await busyWhile(b, async () => {
      try {
        const fresh = await call(link.id);
        this.ctx.linkChanged(fresh);
        this.ctx.toast(done);
      } catch (err) {
        this.ctx.toast(toAppError(err).message, "error");
      }
    });
  }

  private async remove(ids: number[], b: HTMLButtonElement): Promise<void> {
    if (ids.length === 0) return;
    const t = this.ctx.t.toast;
    await busyWhile(b, async () => {
      try {
        const r = await deleteLinks(ids);
        for (const id of r.deleted) this.selected.delete(id);
        if (r.failed.length > 0) {
          const why = r.failed.map((f) => f.message).join("; ");
          const done = r.deleted.length > 0 ? `${t.deleted(r.deleted.length)}. ` : "";
          this.ctx.toast(done + t.deleteFailed(r.failed.length, why), "error");
        } else {
          this.ctx.toast(t.deleted(r.deleted.length));
        }
      } catch (err) {
        this.ctx.toast(toAppError(err).message, "error");
      }
    });
    await this.load();
  }

  private async exportCsv(b: HTMLButtonElement): Promise<void> {
    await busyWhile(b, async () => {
      try {
        const r = await exportCsv(buildQuery(this.filterForm()));
        if (r) this.ctx.toast(this.ctx.t.toast.exported(r.rows, r.path));
      } catch (err) {
        this.ctx.toast(toAppError(err).message, "error");
      }
    });
  }
}
