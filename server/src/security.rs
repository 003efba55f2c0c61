//! Security headers on every response. The page's Content-Security-Policy allows scripts from this
//! origin, WebAssembly compilation and, by hash, exactly the inline scripts of the built `index.html`
//! (hashed when the server starts; never 'unsafe-inline'). `/media/` files (SVG can carry script) get a
//! sandboxing policy of their own.

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
    media_csp: HeaderValue,
    hsts: Option<HeaderValue>,
}

/// What a sandboxed media file may do: show itself and its own images, nothing else.
const MEDIA_CSP: &str =
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'";

impl Policy {
    /// The policy for the app in `dist_dir` (its `index.html`'s inline scripts are hashed; a missing
    /// build has none), with HSTS when the public URL is https.
    pub fn for_dist(dist_dir: &Path, public_url: Option<&str>) -> Policy {
        let index = std::fs::read_to_string(dist_dir.join("index.html")).unwrap_or_default();
        Policy::new(&index, public_url)
    }

    pub fn new(index_html: &str, public_url: Option<&str>) -> Policy {
        let hashes: String = inline_scripts(index_html)
            .iter()
            .map(|s| format!(" '{}'", script_hash(s)))
            .collect();
        let page = format!(
            "script-src 'self' 'wasm-unsafe-eval'{hashes}; connect-src 'self'; worker-src 'self'; \
             manifest-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'"
        );
        let https = public_url.is_some_and(|u| u.starts_with("https://"));
        Policy {
            // Made of base64, quotes and ASCII words only: always a valid header value.
            page_csp: HeaderValue::from_str(&page).unwrap_or(HeaderValue::from_static(
                "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'",
            )),
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

/// Adds the headers to every response (errors and 404s included).
pub async fn headers(State(policy): State<Arc<Policy>>, req: Request, next: Next) -> Response {
    let media = req.uri().path().starts_with("/media/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let csp = if media {
        policy.media_csp.clone()
    } else {
        policy.page_csp.clone()
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
    // Old browsers' frame guard, for those that ignore frame-ancestors.
    h.insert(
        HeaderName::from_static("x-frame-options"),
        HeaderValue::from_static("SAMEORIGIN"),
    );
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
}
