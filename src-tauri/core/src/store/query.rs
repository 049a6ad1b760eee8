//! Listing links by filter: one page with a total for the UI, or every row streamed for export.

use super::links::{read_error, read_row, COLUMNS};
use super::model::{LinkFilter, LinkPage, LinkRecord, LinkStatus};
use super::reminders::RemindWindow;
use super::{search, Store, StoreError};
use rusqlite::params_from_iter;
use rusqlite::types::Value;

/// Newest first; the id breaks ties so pages never overlap.
const ORDER: &str = "ORDER BY created_at DESC, id DESC";

/// The shortest word the trigram index (`links_fts`) can find; shorter ones are only matched by
/// the substring test.
const MIN_INDEXED_CHARS: usize = 3;

/// The FTS5 query for the words of `terms` the trigram index can find (each one a phrase of its
/// trigrams, so an exact substring; all of them required), or `None` when none is long enough.
pub(super) fn fts_query(terms: &[String]) -> Option<String> {
    let parts: Vec<String> = terms
        .iter()
        .filter(|t| t.chars().count() >= MIN_INDEXED_CHARS)
        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// The WHERE clause of `filter` and its bound values. With `fts`, the links are first narrowed to
/// those the trigram index finds (the substring tests still decide: short words need them); with
/// `remind`, to the links due a reminder in that window.
pub(super) fn condition_with(
    filter: &LinkFilter,
    fts: Option<&str>,
    remind: Option<RemindWindow>,
) -> (String, Vec<Value>) {
    let mut parts: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    if let Some(q) = fts {
        args.push(Value::Text(q.to_owned()));
        parts.push(format!("id IN (SELECT rowid FROM links_fts WHERE links_fts MATCH ?{})", args.len()));
    }
    for term in filter.text.as_deref().map(search::query_terms).unwrap_or_default() {
        // search_text is already folded, so a plain substring test is exact and cheaper than LIKE.
        args.push(Value::Text(term));
        parts.push(format!("instr(search_text, ?{}) > 0", args.len()));
    }
    if !filter.statuses.is_empty() {
        let mut marks = Vec::new();
        for s in &filter.statuses {
            args.push(Value::Text(s.as_str().to_owned()));
            marks.push(format!("?{}", args.len()));
        }
        parts.push(format!("status IN ({})", marks.join(", ")));
    }
    if let Some(p) = filter.provider {
        args.push(Value::Text(p.as_str().to_owned()));
        parts.push(format!("provider = ?{}", args.len()));
    }
    if let Some(from) = filter.from_ms {
        args.push(Value::Integer(from));
        parts.push(format!("created_at >= ?{}", args.len()));
    }
    if let Some(to) = filter.to_ms {
        args.push(Value::Integer(to));
        parts.push(format!("created_at < ?{}", args.len()));
    }
    if let Some(w) = remind {
        let (cond, values) = w.condition(args.len() + 1);
        args.extend(values);
        parts.push(cond);
    }
    let sql = if parts.is_empty() { String::from("1") } else { parts.join(" AND ") };
    (sql, args)
}

/// How a text search reads its page, from how many links match (`total`) among about `rows`.
/// Walking the newest-first index and testing each link's text stops once the page is full: cheap
/// when matches are dense (a common name), a read of every link when they are rare. Fetching
/// the matches by the index and sorting them costs about seven times more per match than a
/// tested link (measured on 100,000 links: 8,000 matches sort in ~9 ms, the full walk ~14 ms).
fn walk_is_cheaper(offset: u32, limit: u32, total: u64, rows: u64) -> bool {
    if total == 0 {
        return false;
    }
    let walked = (u64::from(offset) + u64::from(limit)).saturating_mul(rows) / total;
    walked < total.saturating_mul(7)
}

fn page_clause(filter: &LinkFilter) -> String {
    // SQLite wants a LIMIT before an OFFSET; -1 means none.
    let limit = filter.limit.filter(|&l| l > 0).map_or(-1, i64::from);
    format!("LIMIT {limit} OFFSET {}", filter.offset)
}

impl Store {
    /// One page of the links matching `filter`, newest first, and how many match in all.
    pub fn query(&self, filter: &LinkFilter) -> Result<LinkPage, StoreError> {
        self.query_in(filter, None)
    }

    /// [`Store::query`] over the links due a reminder in `window` only (Linkler's
    /// "Hatırlatılacak" filter; the other fields of `filter` narrow it further).
    pub fn query_to_remind(&self, filter: &LinkFilter, window: RemindWindow) -> Result<LinkPage, StoreError> {
        self.query_in(filter, Some(window))
    }

    fn query_in(&self, filter: &LinkFilter, remind: Option<RemindWindow>) -> Result<LinkPage, StoreError> {
        let terms = filter.text.as_deref().map(search::query_terms).unwrap_or_default();
        match fts_query(&terms) {
            Some(fts) => self.query_indexed(filter, &terms, &fts, remind),
            None => self.query_walk(filter, remind),
        }
    }

    /// A filter without a word the trigram index can find: the newest-first walk.
    fn query_walk(&self, filter: &LinkFilter, remind: Option<RemindWindow>) -> Result<LinkPage, StoreError> {
        let (cond, args) = condition_with(filter, None, remind);
        let rows = self.page_rows(filter, &cond, &args)?;
        // A short, non-empty page is the last one, so it already tells the total; a rare search
        // word then costs one scan of the index instead of two.
        let limit = filter.limit.filter(|&l| l > 0).map_or(usize::MAX, |l| l as usize);
        let ends_here = rows.len() < limit && (!rows.is_empty() || filter.offset == 0);
        let total = if ends_here { u64::from(filter.offset) + rows.len() as u64 } else { self.count(&cond, &args)? };
        Ok(LinkPage { rows, total })
    }

    /// A text search: counted through the trigram index, then the page read whichever way is
    /// cheaper for that many matches ([`walk_is_cheaper`]).
    fn query_indexed(
        &self,
        filter: &LinkFilter,
        terms: &[String],
        fts: &str,
        remind: Option<RemindWindow>,
    ) -> Result<LinkPage, StoreError> {
        let (cond, args) = condition_with(filter, Some(fts), remind);
        let text_only = remind.is_none()
            && filter.statuses.is_empty()
            && filter.provider.is_none()
            && filter.from_ms.is_none()
            && filter.to_ms.is_none()
            && terms.iter().all(|t| t.chars().count() >= MIN_INDEXED_CHARS);
        // Every word is in the index and nothing else filters: the index alone counts, exactly
        // (case-sensitive trigrams of folded text: a phrase match is a substring match).
        let total = if text_only {
            let n: i64 =
                self.conn.query_row("SELECT count(*) FROM links_fts WHERE links_fts MATCH ?1", [fts], |r| r.get(0))?;
            u64::try_from(n).unwrap_or(0)
        } else {
            self.count(&cond, &args)?
        };
        let limit = filter.limit.filter(|&l| l > 0).map_or(u32::MAX, |l| l);
        let rows = if u64::from(filter.offset) >= total {
            Vec::new()
        } else if walk_is_cheaper(filter.offset, limit, total, self.row_estimate()?) {
            let (walk, walk_args) = condition_with(filter, None, remind);
            self.page_rows(filter, &walk, &walk_args)?
        } else {
            self.page_rows(filter, &cond, &args)?
        };
        Ok(LinkPage { rows, total })
    }

    fn page_rows(&self, filter: &LinkFilter, cond: &str, args: &[Value]) -> Result<Vec<LinkRecord>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM links WHERE {cond} {ORDER} {}", page_clause(filter));
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args.iter()), read_row)?.collect::<Result<Vec<_>, _>>();
        rows.map_err(read_error)
    }

    fn count(&self, cond: &str, args: &[Value]) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM links WHERE {cond}"),
            params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// About how many links there are, without counting them: the highest id (rows are not
    /// deleted; if some were, this would overestimate, which only favours the index).
    fn row_estimate(&self) -> Result<u64, StoreError> {
        let n: Option<i64> = self.conn.query_row("SELECT max(id) FROM links", [], |r| r.get(0))?;
        Ok(n.and_then(|n| u64::try_from(n).ok()).unwrap_or(0))
    }

    /// Calls `each` for every link matching `filter` (its limit and offset too), newest first,
    /// one row at a time. Returns how many rows were visited.
    /// How many links have `status` and were last written after `since` (Unix ms). For a paid
    /// link that is when this machine recorded the payment (a paid link never changes again).
    pub fn count_changed_since(&self, status: LinkStatus, since: i64) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM links WHERE status = ?1 AND updated_at > ?2",
            rusqlite::params![status.as_str(), since],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    pub fn for_each_link(
        &self,
        filter: &LinkFilter,
        each: impl FnMut(&LinkRecord) -> Result<(), StoreError>,
    ) -> Result<usize, StoreError> {
        self.for_each_link_in(filter, None, each)
    }

    /// [`Store::for_each_link`], narrowed to the links due a reminder in `remind` when given
    /// (the CSV of "Hatırlatılacak").
    pub fn for_each_link_in(
        &self,
        filter: &LinkFilter,
        remind: Option<RemindWindow>,
        mut each: impl FnMut(&LinkRecord) -> Result<(), StoreError>,
    ) -> Result<usize, StoreError> {
        let (cond, args) = condition_with(filter, None, remind);
        let sql = format!("SELECT {COLUMNS} FROM links WHERE {cond} {ORDER} {}", page_clause(filter));
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(args.iter()))?;
        let mut count = 0;
        while let Some(row) = rows.next()? {
            each(&read_row(row).map_err(read_error)?)?;
            count += 1;
        }
        Ok(count)
    }

    /// How SQLite plans `filter`'s count and page queries (benchmarks and index tuning).
    /// A text search shows its plan through the trigram index (both ways its page may be read).
    pub fn explain(&self, filter: &LinkFilter) -> Result<Vec<String>, StoreError> {
        self.explain_in(filter, None)
    }

    /// [`Store::explain`] for [`Store::query_to_remind`].
    pub fn explain_to_remind(&self, filter: &LinkFilter, window: RemindWindow) -> Result<Vec<String>, StoreError> {
        self.explain_in(filter, Some(window))
    }

    fn explain_in(&self, filter: &LinkFilter, remind: Option<RemindWindow>) -> Result<Vec<String>, StoreError> {
        let terms = filter.text.as_deref().map(search::query_terms).unwrap_or_default();
        let fts = fts_query(&terms);
        let (cond, args) = condition_with(filter, fts.as_deref(), remind);
        let mut plan = Vec::new();
        for sql in [
            format!("SELECT count(*) FROM links WHERE {cond}"),
            format!("SELECT {COLUMNS} FROM links WHERE {cond} {ORDER} {}", page_clause(filter)),
        ] {
            let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            let rows = stmt.query_map(params_from_iter(args.iter()), |r| r.get::<_, String>(3))?;
            plan.extend(rows.collect::<Result<Vec<_>, _>>()?);
        }
        Ok(plan)
    }
}
