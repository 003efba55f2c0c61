//! What the server's pages share about their head: the origin of absolute URLs and the one HTML escaper.
//! A page's own tags (title, description, canonical, Open Graph, JSON-LD) are the app's, rendered with
//! its views (`first_screen.rs`).

/// Escapes text for an HTML attribute value (either quote) or text node: `&`, `<`, `>`, `"`, `'`
/// (html-escape's quoted-attribute encoder: the server's one HTML escaper).
pub fn escape_html(s: &str) -> String {
    html_escape::encode_quoted_attribute(s).into_owned()
}

/// The origin of canonical and Open Graph URLs: `public_url` if configured, else the bound address when
/// it names one host (a wildcard address names none: then root-relative URLs). Never the Host header,
/// which any client can set (`Host: evil.example` must not become the canonical URL).
pub fn base_url(public_url: Option<&str>, bound: std::net::SocketAddr) -> String {
    if let Some(p) = public_url {
        return p.trim_end_matches('/').to_owned();
    }
    if bound.ip().is_unspecified() {
        String::new()
    } else {
        format!("http://{bound}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_url_never_comes_from_the_request() {
        let bound = "127.0.0.1:9".parse().unwrap();
        assert_eq!(base_url(None, bound), "http://127.0.0.1:9");
        assert_eq!(
            base_url(Some("https://d.example/"), bound),
            "https://d.example"
        );
        // A wildcard bind names no host: root-relative URLs.
        assert_eq!(base_url(None, "0.0.0.0:8080".parse().unwrap()), "");
    }
}
