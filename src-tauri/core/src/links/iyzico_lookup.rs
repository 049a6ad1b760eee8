//! "Kontrol et" for iyzico: an unanswered create is looked for in iyzico's list, newest first,
//! by our `conversationId`, and found, proven absent, or neither.

use crate::providers::iyzico::{IyzicoClient, IyzicoError, IyzicoLink, MAX_PAGE_SIZE};
use crate::Lang;

/// How many list pages (of [`MAX_PAGE_SIZE`], newest first) "Kontrol et" reads at most: an
/// unanswered create is checked soon after, so it is among the newest links.
pub const LOOKUP_PAGES: u32 = 5;

/// What the list says about a `conversationId`.
pub(super) enum Lookup {
    Found(Box<IyzicoLink>),
    /// Every link iyzico listed was read and each carried its conversationId: ours is not there.
    Absent,
    /// Not found, but the list cannot prove it absent (rows without a conversationId, rows that
    /// could not be read, or more links than [`LOOKUP_PAGES`] pages).
    Inconclusive,
}

pub(super) async fn find_by_conversation(c: &IyzicoClient, local_ref: &str, lang: Lang) -> Result<Lookup, IyzicoError> {
    let mut provable = true;
    let mut seen = 0u64;
    for page in 1..=LOOKUP_PAGES {
        let p = c.list(page, MAX_PAGE_SIZE, lang).await?;
        if let Some(hit) = p.items.iter().find(|l| l.conversation_id.as_deref() == Some(local_ref)) {
            return Ok(Lookup::Found(Box::new(hit.clone())));
        }
        // §10.1/§5: conversationId on list rows is only attested by an old copy of the docs.
        provable &= p.skipped == 0 && p.items.iter().all(|l| l.conversation_id.is_some());
        seen += (p.items.len() + p.skipped) as u64;
        if page_is_last(page, p.page_count, p.total_count, p.items.len() + p.skipped) {
            // The end of the list is only certain when iyzico said how long it is (a short page
            // alone may be iyzico's own page size, §10.6) and every row it counted was seen.
            let certain =
                (p.page_count.is_some() || p.total_count.is_some()) && p.total_count.is_none_or(|t| seen >= t);
            return Ok(if provable && certain { Lookup::Absent } else { Lookup::Inconclusive });
        }
    }
    Ok(Lookup::Inconclusive)
}

/// Whether `page` is the list's last: by iyzico's page count, else its total, else a short page.
fn page_is_last(page: u32, page_count: Option<u32>, total: Option<u64>, rows: usize) -> bool {
    match (page_count, total) {
        (Some(n), _) => page >= n,
        (None, Some(t)) => u64::from(page) * u64::from(MAX_PAGE_SIZE) >= t,
        (None, None) => rows < MAX_PAGE_SIZE as usize,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_page() {
        assert!(page_is_last(1, Some(1), Some(3), 3));
        assert!(!page_is_last(1, Some(2), None, 100));
        assert!(page_is_last(2, None, Some(150), 50));
        assert!(!page_is_last(1, None, Some(150), 100));
        assert!(page_is_last(1, None, None, 10));
        assert!(!page_is_last(1, None, None, 100));
    }
}
