//! Listing links by filter: one page with a total for the UI, or every row streamed for export.

use super::links::{read_error, read_row, COLUMNS};
use super::model::{LinkFilter, LinkPage, LinkRecord, LinkStatus};
use super::{search, Store, StoreError};
use rusqlite::params_from_iter;
use rusqlite::types::Value;

/// Newest first; the id breaks ties so pages never overlap.
const ORDER: &str = "ORDER BY created_at DESC, id DESC";

/// The WHERE clause of `filter` and its bound values.
fn condition(filter: &LinkFilter) -> (String, Vec<Value>) {
    let mut parts: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
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
    let sql = if parts.is_empty() { String::from("1") } else { parts.join(" AND ") };
    (sql, args)
}

fn page_clause(filter: &LinkFilter) -> String {
    // SQLite wants a LIMIT before an OFFSET; -1 means none.
    let limit = filter.limit.filter(|&l| l > 0).map_or(-1, i64::from);
    format!("LIMIT {limit} OFFSET {}", filter.offset)
}

impl Store {
    /// One page of the links matching `filter`, newest first, and how many match in all.
    pub fn query(&self, filter: &LinkFilter) -> Result<LinkPage, StoreError> {
        let (cond, args) = condition(filter);
        let sql = format!("SELECT {COLUMNS} FROM links WHERE {cond} {ORDER} {}", page_clause(filter));
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(args.iter()), read_row)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(read_error)?;
        // A short, non-empty page is the last one, so it already tells the total; a rare search
        // word then costs one scan of the index instead of two.
        let limit = filter.limit.filter(|&l| l > 0).map_or(usize::MAX, |l| l as usize);
        let ends_here = rows.len() < limit && (!rows.is_empty() || filter.offset == 0);
        let total = if ends_here {
            u64::from(filter.offset) + rows.len() as u64
        } else {
            let n: i64 = self.conn.query_row(
                &format!("SELECT count(*) FROM links WHERE {cond}"),
                params_from_iter(args.iter()),
                |r| r.get(0),
            )?;
            u64::try_from(n).unwrap_or(0)
        };
        Ok(LinkPage { rows, total })
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
        mut each: impl FnMut(&LinkRecord) -> Result<(), StoreError>,
    ) -> Result<usize, StoreError> {
        let (cond, args) = condition(filter);
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
    pub fn explain(&self, filter: &LinkFilter) -> Result<Vec<String>, StoreError> {
        let (cond, args) = condition(filter);
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
