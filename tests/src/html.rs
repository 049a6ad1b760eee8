//! Just enough HTML reading to find a form and its fields on a page we serve ourselves. Not a
//! general parser: it scans start tags and their attributes, which is all a form post needs.

/// A start tag: its lower-case name, its attributes (names lower-cased, values decoded), and
/// the byte range it spans in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub start: usize,
    pub end: usize,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Every start tag in `html`, in order (comments, closing tags and doctype skipped).
pub fn start_tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        if html[start..].starts_with("<!--") {
            i = html[start..].find("-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let name_start = start + 1;
        let name_len = html[name_start..].bytes().take_while(|b| b.is_ascii_alphanumeric()).count();
        if name_len == 0 {
            i = start + 1;
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let (attrs, end) = attributes(html, name_start + name_len);
        tags.push(Tag { name, attrs, start, end });
        i = end.max(start + 1);
        // Skip raw text elements whole: a `<` inside a script or style is not a tag.
        if let Some(last) = tags.last() {
            if last.name == "script" || last.name == "style" {
                let close = format!("</{}", last.name);
                i = find_ci(html, i, &close).unwrap_or(bytes.len());
            }
        }
    }
    tags
}

fn find_ci(html: &str, from: usize, needle: &str) -> Option<usize> {
    html[from..].to_ascii_lowercase().find(needle).map(|p| from + p)
}

/// Attributes from `pos` up to the tag's `>`; returns them and the index after the `>`.
fn attributes(html: &str, mut pos: usize) -> (Vec<(String, String)>, usize) {
    let b = html.as_bytes();
    let mut attrs = Vec::new();
    loop {
        while pos < b.len() && (b[pos].is_ascii_whitespace() || b[pos] == b'/') {
            pos += 1;
        }
        if pos >= b.len() {
            return (attrs, b.len());
        }
        if b[pos] == b'>' {
            return (attrs, pos + 1);
        }
        let name_start = pos;
        while pos < b.len() && !b[pos].is_ascii_whitespace() && !matches!(b[pos], b'=' | b'>' | b'/') {
            pos += 1;
        }
        let name = html[name_start..pos].to_ascii_lowercase();
        while pos < b.len() && b[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let mut value = String::new();
        if pos < b.len() && b[pos] == b'=' {
            pos += 1;
            while pos < b.len() && b[pos].is_ascii_whitespace() {
                pos += 1;
            }
            if pos < b.len() && (b[pos] == b'"' || b[pos] == b'\'') {
                let quote = b[pos];
                let v_start = pos + 1;
                let v_end = b[v_start..].iter().position(|&c| c == quote).map_or(b.len(), |p| v_start + p);
                value = unescape(&html[v_start..v_end]);
                pos = (v_end + 1).min(b.len());
            } else {
                let v_start = pos;
                while pos < b.len() && !b[pos].is_ascii_whitespace() && b[pos] != b'>' {
                    pos += 1;
                }
                value = unescape(&html[v_start..pos]);
            }
        }
        if !name.is_empty() {
            attrs.push((name, value));
        }
    }
}

/// Decodes the character references our pages use: the five named XML ones and numeric ones.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Byte search: slicing `rest` at a fixed length could split a multi-byte character.
        let Some(semi) = rest.bytes().take(12).position(|b| b == b';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_and_attributes() {
        let html = r#"<!doctype html><!-- <form id="fake"> --><p class=a>x</p>
<form id="pay" method="post" action="/pay/a&amp;b"><input name='n' value="&quot;1&#39;&#x41;" required>
<script>if (a < b) {}</script><select name=s><option value="2" selected>"#;
        let tags = start_tags(html);
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["p", "form", "input", "script", "select", "option"]);
        assert_eq!(tags[0].attr("class"), Some("a"));
        assert_eq!(tags[1].attr("action"), Some("/pay/a&b"));
        assert_eq!(tags[2].attr("value"), Some("\"1'A"));
        assert_eq!(tags[2].attr("required"), Some(""));
        assert_eq!(tags[4].attr("name"), Some("s"));
        assert_eq!(tags[5].attr("selected"), Some(""));
    }

    #[test]
    fn unescape_keeps_unknown_references() {
        assert_eq!(unescape("a &nbsp; & b &#999999999; &lt;"), "a &nbsp; & b &#999999999; <");
        assert_eq!(unescape("&ğğğğğğğğ;"), "&ğğğğğğğğ;");
    }

    #[test]
    fn survives_truncated_markup() {
        assert_eq!(start_tags("<a href=\"x").len(), 1);
        assert!(start_tags("< not a tag <").is_empty());
    }
}
