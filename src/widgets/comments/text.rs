//! Comment text as text nodes only: http(s) URLs become links (through `SafeUrl`), everything else stays literal.

use crate::i18n::Lang;
use leptos::prelude::*;
use model::SafeUrl;

/// Replies deeper than this are not indented further; they show "回复 @name" instead.
pub const MAX_INDENT: usize = 3;

/// A run of a comment's text: plain text, or a checked link whose visible text is the URL itself.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    Text(String),
    Link(SafeUrl),
}

/// Splits `text` into plain runs and http(s) links. A URL ends at whitespace, a quote or angle bracket, or
/// any non-ASCII character (so "见https://a.cn,谢谢" links only the address); trailing punctuation is left out.
pub fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(start) = find_scheme(rest) {
        let (before, tail) = rest.split_at(start);
        plain.push_str(before);
        let end = tail
            .char_indices()
            .find(|&(_, c)| {
                !c.is_ascii()
                    || c.is_ascii_whitespace()
                    || c.is_ascii_control()
                    || "<>\"'`".contains(c)
            })
            .map_or(tail.len(), |(i, _)| i);
        let candidate = tail[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '}']);
        let taken = candidate.len().max(1);
        match SafeUrl::parse(candidate) {
            Ok(url) if url.is_external() => {
                if !plain.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut plain)));
                }
                out.push(Piece::Link(url));
                rest = &tail[candidate.len()..];
            }
            _ => {
                plain.push_str(&tail[..taken]);
                rest = &tail[taken..];
            }
        }
    }
    plain.push_str(rest);
    if !plain.is_empty() {
        out.push(Piece::Text(plain));
    }
    out
}

/// Byte offset of the next `http://` or `https://` (any case).
fn find_scheme(s: &str) -> Option<usize> {
    let lower = s.to_ascii_lowercase();
    match (lower.find("http://"), lower.find("https://")) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// True when a reply at `depth` (top level = 0) is shown without further indent.
pub fn shown_flat(depth: usize) -> bool {
    depth > MAX_INDENT
}

/// "回复 @name" for a reply shown flat, so the reader still knows whom it answers.
pub fn reply_label(depth: usize, reply_to: Option<&str>, lang: Lang) -> Option<String> {
    match reply_to {
        Some(name) if shown_flat(depth) => Some(format!("{}{name}", lang.c().reply_to)),
        _ => None,
    }
}

/// A comment's text: text nodes and checked links, never HTML. Line breaks are kept by CSS (pre-wrap).
#[component]
pub fn CommentText(text: String) -> impl IntoView {
    pieces(&text)
        .into_iter()
        .map(|p| match p {
            Piece::Text(s) => s.into_any(),
            Piece::Link(url) => {
                let shown = url.as_str().to_owned();
                view! {
                    <a href=url.as_str().to_owned() rel="nofollow ugc noopener" target="_blank">{shown}</a>
                }
                .into_any()
            }
        })
        .collect_view()
}
