// What the Linkler filter bar asks the store: the `list_links` / `link_summary` arguments.

import type { LinkPage, LinkQuery, LinkStatus, LinkSummary, ProviderName } from "../ipc";

/** A page and the totals of its filter, asked together; `totals` is set once they answered
 *  (null: they cannot be read), so rows and totals both in hand are drawn in one task. */
export interface Asked {
  query: LinkQuery;
  page: Promise<LinkPage>;
  summary: Promise<LinkSummary | null>;
  totals?: LinkSummary | null;
}

export interface LinkFilterForm {
  text: string;
  status: string;
  provider: string;
  from: string;
  to: string;
  toRemind?: string; // "1": only the links due a reminder ("Hatırlatılacak")
}

/** The `list_links` arguments for what the filter bar shows: empty parts are left out. */
export function buildQuery(f: LinkFilterForm, page?: { offset: number; limit: number }): LinkQuery {
  const q: LinkQuery = {};
  if (f.text.trim()) q.text = f.text.trim();
  if (f.status) q.statuses = [f.status as LinkStatus];
  if (f.provider) q.provider = f.provider as ProviderName;
  if (f.from) q.from = f.from;
  if (f.to) q.to = f.to;
  if (f.toRemind) q.toRemind = true;
  if (page) Object.assign(q, page);
  return q;
}

