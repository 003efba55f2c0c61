//! Crawler meta for the app shell: title, description, canonical, Open Graph and JSON-LD, injected into
//! `index.html` before `</head>`. Every tag carries `data-ssr-meta`; the app removes them when it starts.

use model::{Article, ListingKind, Site};
use time::format_description::well_known::Rfc3339;

/// Escapes text for an HTML attribute value (either quote) or text node: `&`, `<`, `>`, `"`, `'`
/// (html-escape's quoted-attribute encoder: the server's one HTML escaper).
pub fn escape_html(s: &str) -> String {
    html_escape::encode_quoted_attribute(s).into_owned()
}

/// JSON that cannot end a `<script>` element or open a comment inside it.
pub fn script_safe_json(value: &serde_json::Value) -> String {
    let raw = serde_json::to_string(value).unwrap_or_else(|_| "{}".into());
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The tags for one page.
pub struct Meta {
    pub title: String,
    pub description: String,
    /// Absolute.
    pub url: String,
    pub og_type: &'static str,
    pub image: Option<String>,
    pub site_name: String,
    pub published: Option<String>,
    pub json_ld: Option<serde_json::Value>,
    /// oEmbed discovery (absolute URL of `/api/v1/oembed?url=…`) for pages a partner can embed.
    pub oembed: Option<String>,
}

/// The oEmbed address for the page at `url` (absolute), on this site (`base`); none without an origin
/// (a wildcard bind without `--public-url`: oEmbed needs an absolute `url`).
fn oembed_of(base: &str, url: &str) -> Option<String> {
    (!base.is_empty()).then(|| format!("{base}{}", model::paths::oembed(url, None, None)))
}

impl Meta {
    pub fn home(site: &Site, base: &str) -> Meta {
        Meta {
            title: site.name.clone(),
            description: site.description.clone(),
            url: format!("{base}/"),
            og_type: "website",
            image: None,
            site_name: site.name.clone(),
            published: None,
            json_ld: None,
            oembed: None,
        }
    }

    pub fn channel(site: &Site, slug: &str, base: &str) -> Option<Meta> {
        let (_, city, channel) = site.channel(slug)?;
        let url = format!("{base}/c/{}", model::paths::encode(slug));
        Some(Meta {
            title: format!("{} - {} - {}", channel.name, city.name, site.name),
            description: channel.tagline.clone(),
            oembed: oembed_of(base, &url),
            url,
            og_type: "website",
            image: None,
            site_name: site.name.clone(),
            published: None,
            json_ld: None,
        })
    }

    /// A tag's or an author's page (`/t/{tag}`, `/u/{name}`) with `total` articles.
    pub fn listing(site: &Site, kind: ListingKind, name: &str, total: u32, base: &str) -> Meta {
        let (title, description) = match kind {
            ListingKind::Tag => (
                format!("标签：{name} - {}", site.name),
                format!("{}上标签为“{name}”的 {total} 篇文章。", site.name),
            ),
            ListingKind::Author => (
                format!("作者：{name} - {}", site.name),
                format!("{}上{name}写的 {total} 篇文章。", site.name),
            ),
        };
        Meta {
            title,
            description,
            url: format!("{base}{}", kind.page(name)),
            og_type: "website",
            image: None,
            site_name: site.name.clone(),
            published: None,
            json_ld: None,
            oembed: None,
        }
    }

    pub fn article(site: &Site, a: &Article, base: &str) -> Meta {
        let url = format!("{base}/a/{}", a.id);
        let image = a
            .lead_image
            .as_ref()
            .map(|i| absolute(base, i.url.as_str()));
        let published = a.published_at.format(&Rfc3339).ok();
        let mut ld = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a.title,
            "description": a.excerpt,
            "datePublished": published,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "publisher": {"@type": "Organization", "name": site.name},
        });
        if let Some(img) = &image {
            ld["image"] = serde_json::json!([img]);
        }
        // The writer when named, else the source (资阳日报) as the organisation behind it.
        if let Some(name) = &a.author {
            ld["author"] = serde_json::json!({"@type": "Person", "name": name});
        } else if let Some(src) = &a.source {
            ld["author"] = serde_json::json!({"@type": "Organization", "name": src});
        }
        if let Some(modified) = a.updated_at.and_then(|t| t.format(&Rfc3339).ok()) {
            ld["dateModified"] = serde_json::json!(modified);
        }
        Meta {
            title: format!("{} - {}", a.title, site.name),
            description: a.excerpt.clone(),
            oembed: oembed_of(base, &url),
            url,
            og_type: "article",
            image,
            site_name: site.name.clone(),
            published,
            json_ld: Some(ld),
        }
    }

    pub fn render(&self) -> String {
        let mut h = String::new();
        let attr = escape_html;
        h.push_str(&format!(
            "<title data-ssr-meta>{}</title>\n",
            attr(&self.title)
        ));
        let mut meta = |key: &str, name: &str, content: &str| {
            h.push_str(&format!(
                "<meta {key}=\"{name}\" content=\"{}\" data-ssr-meta>\n",
                attr(content)
            ));
        };
        meta("name", "description", &self.description);
        meta("property", "og:type", self.og_type);
        meta("property", "og:title", &self.title);
        meta("property", "og:description", &self.description);
        meta("property", "og:url", &self.url);
        meta("property", "og:site_name", &self.site_name);
        if let Some(img) = &self.image {
            meta("property", "og:image", img);
        }
        meta(
            "name",
            "twitter:card",
            if self.image.is_some() {
                "summary_large_image"
            } else {
                "summary"
            },
        );
        if let Some(p) = &self.published {
            meta("property", "article:published_time", p);
        }
        h.push_str(&format!(
            "<link rel=\"canonical\" href=\"{}\" data-ssr-meta>\n",
            attr(&self.url)
        ));
        if let Some(o) = &self.oembed {
            h.push_str(&format!(
                "<link rel=\"alternate\" type=\"application/json+oembed\" href=\"{}\" title=\"{}\" data-ssr-meta>\n",
                attr(o),
                attr(&self.title)
            ));
        }
        if let Some(ld) = &self.json_ld {
            h.push_str(&format!(
                "<script type=\"application/ld+json\" data-ssr-meta>{}</script>\n",
                script_safe_json(ld)
            ));
        }
        h
    }
}

fn absolute(base: &str, url: &str) -> String {
    if url.starts_with('/') {
        format!("{base}{url}")
    } else {
        url.to_owned()
    }
}

/// Inserts the tags before `</head>`, removing the shell's own `<title>` so there is exactly one.
pub fn inject(index: &str, meta: &Meta) -> String {
    let lower = index.to_ascii_lowercase();
    let Some(head_end) = lower.find("</head>") else {
        return index.to_owned();
    };
    let mut html = String::with_capacity(index.len() + 2048);
    let title = lower[..head_end].find("<title").and_then(|start| {
        lower[start..head_end]
            .find("</title>")
            .map(|end| (start, start + end + "</title>".len()))
    });
    match title {
        Some((start, end)) => {
            html.push_str(&index[..start]);
            html.push_str(&index[end..head_end]);
        }
        None => html.push_str(&index[..head_end]),
    }
    html.push_str(&meta.render());
    html.push_str(&index[head_end..]);
    html
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
    fn json_ld_cannot_close_the_script() {
        let v = serde_json::json!({"headline": "</script><script>alert(1)</script>&\u{2028}"});
        let s = script_safe_json(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&') && !s.contains('\u{2028}')
        );
        assert_eq!(serde_json::from_str::<serde_json::Value>(&s).unwrap(), v);
    }

    #[test]
    fn replaces_existing_title() {
        let m = Meta::home(
            &Site {
                name: "地方网".into(),
                language: "zh-CN".into(),
                description: "d\"<".into(),
                regions: vec![],
            },
            "http://x",
        );
        let out = inject(
            "<html><head><title>Old</title><meta x></head><body></body></html>",
            &m,
        );
        assert!(!out.contains("Old"));
        assert_eq!(out.matches("<title").count(), 1);
        assert!(out.contains("content=\"d&quot;&lt;\""));
    }

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
