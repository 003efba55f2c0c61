//! An article's body blocks as HTML for a feed's full text. The blocks are data, never HTML: every text
//! is escaped here and every address is a `SafeUrl` (http(s) or root-relative, made absolute), so no
//! markup from a source reaches a feed reader. The feed's XML writer then escapes this HTML again.

use crate::meta::escape_html as esc;
use model::{Block, Figure, Image, SafeUrl};
use std::fmt::Write;

fn url(base: &str, u: &SafeUrl) -> String {
    let u = u.as_str();
    esc(&if u.starts_with('/') {
        format!("{base}{u}")
    } else {
        u.to_owned()
    })
}

fn image(out: &mut String, base: &str, i: &Image, caption: Option<&str>) {
    let _ = write!(
        out,
        "<figure><img src=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\">",
        url(base, &i.url),
        i.width,
        i.height,
        esc(&i.alt)
    );
    if let Some(c) = caption {
        let _ = write!(out, "<figcaption>{}</figcaption>", esc(c));
    }
    out.push_str("</figure>");
}

fn link(out: &mut String, base: &str, u: &SafeUrl, text: &str) {
    let _ = write!(out, "<p><a href=\"{}\">{}</a></p>", url(base, u), esc(text));
}

/// The body as HTML; root-relative addresses are made absolute with `base`.
pub fn body(blocks: &[Block], base: &str) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Heading { level, text } => {
                let h = if *level >= 3 { 3 } else { 2 };
                let _ = write!(out, "<h{h}>{}</h{h}>", esc(text));
            }
            Block::Paragraph { text } => {
                let _ = write!(out, "<p>{}</p>", esc(text));
            }
            Block::Image { image: i, caption } => image(&mut out, base, i, caption.as_deref()),
            Block::Quote { text, cite } => {
                let _ = write!(out, "<blockquote><p>{}</p>", esc(text));
                if let Some(c) = cite {
                    let _ = write!(out, "<footer>{}</footer>", esc(c));
                }
                out.push_str("</blockquote>");
            }
            Block::List { ordered, items } => {
                let tag = if *ordered { "ol" } else { "ul" };
                let _ = write!(out, "<{tag}>");
                for i in items {
                    let _ = write!(out, "<li>{}</li>", esc(i));
                }
                let _ = write!(out, "</{tag}>");
            }
            Block::Table {
                head,
                rows,
                caption,
            } => {
                out.push_str("<table>");
                if let Some(c) = caption {
                    let _ = write!(out, "<caption>{}</caption>", esc(c));
                }
                if !head.is_empty() {
                    out.push_str("<thead><tr>");
                    for c in head {
                        let _ = write!(out, "<th>{}</th>", esc(c));
                    }
                    out.push_str("</tr></thead>");
                }
                out.push_str("<tbody>");
                for r in rows {
                    out.push_str("<tr>");
                    for c in r {
                        let _ = write!(out, "<td>{}</td>", esc(c));
                    }
                    out.push_str("</tr>");
                }
                out.push_str("</tbody></table>");
            }
            Block::Gallery { images, caption } => {
                for Figure { image: i, caption } in images {
                    image(&mut out, base, i, caption.as_deref());
                }
                if let Some(c) = caption {
                    let _ = write!(out, "<p>{}</p>", esc(c));
                }
            }
            // Feed readers play no video we frame or run: a link to the file or the page.
            Block::Video {
                url: u, caption, ..
            } => link(&mut out, base, u, caption.as_deref().unwrap_or(u.as_str())),
            Block::Embed {
                url: u,
                provider,
                caption,
            } => {
                let text = caption
                    .as_deref()
                    .or(provider.as_deref())
                    .unwrap_or(u.as_str());
                link(&mut out, base, u, text)
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_never_markup() {
        let blocks = vec![
            Block::Paragraph {
                text: "<script>alert(1)</script> & \"x\"".into(),
            },
            Block::Heading {
                level: 2,
                text: "<b>".into(),
            },
        ];
        let html = body(&blocks, "https://x.example");
        assert_eq!(
            html,
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;</p><h2>&lt;b&gt;</h2>"
        );
    }
}
