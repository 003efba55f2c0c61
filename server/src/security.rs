//! Security headers on every response. The page's Content-Security-Policy allows scripts from this
//! origin, WebAssembly compilation and, by hash, exactly the inline scripts of the built `index.html`
//! (hashed when the server starts; never 'unsafe-inline'). `/media/` files (SVG can carry script) get a
//! sandboxing policy of their own. Partner widgets (`/embed/{kind}`) may be framed by other sites:
//! `frame-ancestors` is chosen per route by [`framing`] and `--embed-origins`; every other route keeps
//! `frame-ancestors 'self'` and `X-Frame-Options: SAMEORIGIN`.

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;

/// The headers, built once.
#[derive(Clone, Debug)]
pub struct Policy {
    page_csp: HeaderValue,
    /// Read-only widgets: any origin (`*`) when no embed origins are configured, else the list.
    widget_csp: HeaderValue,
    /// The comment widget (it posts): this site and the configured origins only.
    posting_csp: HeaderValue,
    /// The desk: framed by nobody.
    desk_csp: HeaderValue,
    media_csp: HeaderValue,
    hsts: Option<HeaderValue>,
}

/// What a sandboxed media file may do: show itself and its own images, nothing else.
const MEDIA_CSP: &str =
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'";

impl Policy {
    /// The policy for the app in `dist_dir` (the inline scripts of its `index.html`, the widgets'
    /// `embed/index.html` and the desk's `desk/index.html` are hashed; a missing build has none), with HSTS when the public URL is https,
    /// the widgets framable as `embed_origins` says, and images and videos from this origin and
    /// `media_origins` (a followed WordPress site's among them).
    pub fn for_dist(
        dist_dir: &Path,
        public_url: Option<&str>,
        embed_origins: &[String],
        media_origins: &[String],
    ) -> Policy {
        let read = |p: &str| std::fs::read_to_string(dist_dir.join(p)).unwrap_or_default();
        let html = read("index.html") + &read("embed/index.html") + &read("desk/index.html");
        Policy::with_embeds(&html, public_url, embed_origins, media_origins)
    }

    pub fn new(index_html: &str, public_url: Option<&str>) -> Policy {
        Policy::with_embeds(index_html, public_url, &[], &[])
    }

    pub fn with_embeds(
        html: &str,
        public_url: Option<&str>,
        embed_origins: &[String],
        media_origins: &[String],
    ) -> Policy {
        let hashes: String = inline_scripts(html)
            .iter()
            .map(|s| format!(" '{}'", script_hash(s)))
            .collect();
        // Checked like the embed origins below.
        let media: String = media_origins.iter().map(|o| format!(" {o}")).collect();
        let base = format!(
            "script-src 'self' 'wasm-unsafe-eval'{hashes}; connect-src 'self'; worker-src 'self'; \
             manifest-src 'self'; img-src 'self' data:{media}; media-src 'self'{media}; \
             object-src 'none'; base-uri 'self'; frame-ancestors"
        );
        // Origins were checked by the CLI (scheme, host characters, port), so they cannot end the
        // directive or add another.
        let listed: String = embed_origins.iter().map(|o| format!(" {o}")).collect();
        let csp = |ancestors: &str| {
            HeaderValue::from_str(&format!("{base} {ancestors}"))
                .unwrap_or(HeaderValue::from_static(
                "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; frame-ancestors 'self'",
            ))
        };
        let https = public_url.is_some_and(|u| u.starts_with("https://"));
        Policy {
            page_csp: csp("'self'"),
            widget_csp: if embed_origins.is_empty() {
                csp("*")
            } else {
                csp(&format!("'self'{listed}"))
            },
            posting_csp: csp(&format!("'self'{listed}")),
            desk_csp: csp("'none'"),
            media_csp: HeaderValue::from_static(MEDIA_CSP),
            hsts: https.then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains")),
        }
    }

    /// The policy for pages, as sent.
    pub fn page_csp(&self) -> &str {
        self.page_csp.to_str().unwrap_or_default()
    }
}

/// The text of each inline script that runs (no `src`, and JavaScript rather than a data block such as
/// JSON-LD), exactly as written between its tags.
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body = &after[tag_end + 1..];
        let Some(close) = body.find("</script") else {
            break;
        };
        let runs = !tag.contains(" src=")
            && (!tag.contains("type=")
                || tag.contains("type=\"module\"")
                || tag.contains("type=\"text/javascript\""));
        if runs {
            scripts.push(&body[..close]);
        }
        rest = &body[close..];
    }
    scripts
}

/// The CSP source for a script's text: `sha256-` and its base64 digest.
pub fn script_hash(script: &str) -> String {
    let digest = Sha256::digest(script.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Who may frame a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// This site only (every route but the widgets).
    SameOrigin,
    /// A read-only widget, `/embed/{kind}` (an unknown kind too: it shows its error box in the frame).
    Widget,
    /// The comment widget, `/embed/comments`, which can post.
    Posting,
    /// The desk (`/desk…`, `/api/v1/desk/…`): nobody, this site included.
    Never,
}

pub fn framing(path: &str) -> Framing {
    let desk = |p: &str| p == "/desk" || p.starts_with("/desk/");
    if desk(path) || path.strip_prefix("/api/v1").is_some_and(desk) {
        return Framing::Never;
    }
    let Some(kind) = path.strip_prefix("/embed/") else {
        return Framing::SameOrigin;
    };
    let kind = kind.strip_suffix('/').unwrap_or(kind);
    if kind == model::embed::EmbedKind::Comments.slug() {
        Framing::Posting
    } else if !kind.is_empty() && !kind.contains(['/', '.']) {
        Framing::Widget
    } else {
        // The widgets' assets, and anything deeper.
        Framing::SameOrigin
    }
}

/// Adds the headers to every response (errors and 404s included).
pub async fn headers(State(policy): State<Arc<Policy>>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let media = path.starts_with("/media/");
    let frame = framing(path);
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let csp = match (media, frame) {
        (true, _) => policy.media_csp.clone(),
        (false, Framing::SameOrigin) => policy.page_csp.clone(),
        (false, Framing::Widget) => policy.widget_csp.clone(),
        (false, Framing::Posting) => policy.posting_csp.clone(),
        (false, Framing::Never) => policy.desk_csp.clone(),
    };
    h.insert(header::CONTENT_SECURITY_POLICY, csp);
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    if let Some(hsts) = &policy.hsts {
        h.insert(header::STRICT_TRANSPORT_SECURITY, hsts.clone());
    }
    // Old browsers' frame guard, for those that ignore frame-ancestors (not on the widgets, which
    // other sites frame: it cannot name them).
    match frame {
        Framing::SameOrigin => {
            h.insert(
                HeaderName::from_static("x-frame-options"),
                HeaderValue::from_static("SAMEORIGIN"),
            );
        }
        Framing::Never => {
            h.insert(
                HeaderName::from_static("x-frame-options"),
                HeaderValue::from_static("DENY"),
            );
        }
        Framing::Widget | Framing::Posting => {}
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_the_inline_scripts_that_run_and_nothing_else() {
        let html = "<head><script>a()</script><script src=\"/x.js\"></script>\
                    <script type=\"application/ld+json\">{}</script>\
                    <script type=\"module\">\nimport b from '/b.js';\n</script></head>";
        assert_eq!(
            inline_scripts(html),
            vec!["a()", "\nimport b from '/b.js';\n"]
        );
        // The digest browsers compute for `a()`.
        assert_eq!(
            script_hash("a()"),
            "sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4="
        );
        let p = Policy::new(html, None);
        assert!(p.page_csp().contains(&format!("'{}'", script_hash("a()"))));
        assert!(!p.page_csp().contains("unsafe-inline"));
        assert!(p.hsts.is_none());
        assert!(Policy::new(html, Some("https://news.example"))
            .hsts
            .is_some());
    }

    #[test]
    fn widgets_are_framed_as_configured() {
        assert_eq!(framing("/"), Framing::SameOrigin);
        assert_eq!(framing("/embed"), Framing::SameOrigin);
        assert_eq!(framing("/embed/"), Framing::SameOrigin);
        assert_eq!(
            framing("/embed/difang-embed-0123456789abcdef.js"),
            Framing::SameOrigin
        );
        assert_eq!(framing("/embed/hot-ranking"), Framing::Widget);
        assert_eq!(framing("/embed/no-such-kind"), Framing::Widget);
        assert_eq!(framing("/embed/comments"), Framing::Posting);
        let open = Policy::with_embeds("", None, &[], &[]);
        assert!(open
            .widget_csp
            .to_str()
            .unwrap()
            .ends_with("frame-ancestors *"));
        assert!(open
            .posting_csp
            .to_str()
            .unwrap()
            .ends_with("frame-ancestors 'self'"));
        assert!(open.page_csp().ends_with("frame-ancestors 'self'"));
        assert!(open
            .page_csp()
            .contains("img-src 'self' data:; media-src 'self';"));
        let cms = Policy::with_embeds("", None, &[], &["https://cms.example".to_owned()]);
        assert!(cms.page_csp().contains(
            "img-src 'self' data: https://cms.example; media-src 'self' https://cms.example;"
        ));
        let listed = Policy::with_embeds("", None, &["https://p.example".to_owned()], &[]);
        for csp in [&listed.widget_csp, &listed.posting_csp] {
            assert!(csp
                .to_str()
                .unwrap()
                .ends_with("frame-ancestors 'self' https://p.example"));
        }
    }
}
