//! First-start import of `content/`: `site.json` and `articles/*.json`, validated before anything is stored.
//!
//! Each file in `articles/` holds either one `model::content::ContentArticle` object or a JSON array of them
//! (the generator writes large corpora as arrays). A bad file stops the start with a message naming it.

use model::comment::{clean, AUTHOR_MAX_CHARS, TEXT_MAX_CHARS};
use model::content::{ContentArticle, ContentComment};
use model::{Block, SafeUrl, Site};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Reads and validates the whole content directory.
pub fn load(content_dir: &Path) -> Result<(Site, Vec<ContentArticle>), String> {
    let site_path = content_dir.join("site.json");
    let raw = std::fs::read(&site_path).map_err(|e| format!("{}: {e}", site_path.display()))?;
    let site: Site =
        serde_json::from_slice(&raw).map_err(|e| format!("{}: {e}", site_path.display()))?;
    validate_site(&site).map_err(|e| format!("{}: {e}", site_path.display()))?;

    let dir = content_dir.join("articles");
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(format!("{}: {e}", dir.display())),
    };
    files.sort();
    let mut articles = Vec::new();
    let mut ids = HashSet::new();
    for file in files {
        let raw = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let is_array = raw.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[');
        let parsed: Vec<ContentArticle> = if is_array {
            serde_json::from_slice(&raw)
        } else {
            serde_json::from_slice(&raw).map(|a| vec![a])
        }
        .map_err(|e| format!("{}: {e}", file.display()))?;
        for a in parsed {
            validate_article(&site, &a)
                .map_err(|e| format!("{}: article {}: {e}", file.display(), a.id))?;
            if !ids.insert(a.id) {
                return Err(format!(
                    "{}: article id {} appears twice",
                    file.display(),
                    a.id
                ));
            }
            articles.push(a);
        }
    }
    Ok((site, articles))
}

fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

pub fn validate_site(site: &Site) -> Result<(), String> {
    if site.name.trim().is_empty() {
        return Err("site name is empty".into());
    }
    if site.home_city().is_none() {
        return Err("the site needs at least one region with one city".into());
    }
    let mut slugs = HashSet::new();
    for region in &site.regions {
        let places = std::iter::once(&region.slug).chain(region.cities.iter().map(|c| &c.slug));
        for slug in places {
            if !valid_slug(slug) {
                return Err(format!("region/city slug {slug:?} must be [a-z0-9-]"));
            }
            if !slugs.insert(("place", slug.clone())) {
                return Err(format!("region/city slug {slug:?} appears twice"));
            }
        }
    }
    for ch in site.channels() {
        if !valid_slug(&ch.slug) {
            return Err(format!("channel slug {:?} must be [a-z0-9-]", ch.slug));
        }
        if !slugs.insert(("channel", ch.slug.clone())) {
            return Err(format!("channel slug {:?} appears twice", ch.slug));
        }
    }
    Ok(())
}

pub fn validate_article(site: &Site, a: &ContentArticle) -> Result<(), String> {
    if a.id == 0 || a.id > i64::MAX as u64 {
        return Err("id must be between 1 and 2^63-1".into());
    }
    if site.channel(&a.channel).is_none() {
        return Err(format!("unknown channel {:?}", a.channel));
    }
    if a.title.trim().is_empty() {
        return Err("title is empty".into());
    }
    for block in &a.body {
        if let Block::Heading { level, .. } = block {
            if !(2..=3).contains(level) {
                return Err(format!("heading level {level} (must be 2 or 3)"));
            }
        }
    }
    fn check(c: &ContentComment, depth: usize) -> Result<(), String> {
        let author = clean(&c.author, false).chars().count();
        let text = clean(&c.text, true).chars().count();
        if author == 0 || author > AUTHOR_MAX_CHARS || text == 0 || text > TEXT_MAX_CHARS {
            return Err(format!(
                "comment by {:?}: author or text empty or too long",
                c.author
            ));
        }
        if depth > 8 {
            return Err("comments nest deeper than 8 levels".into());
        }
        c.replies.iter().try_for_each(|r| check(r, depth + 1))
    }
    a.comments.iter().try_for_each(|c| check(c, 0))
}

/// The addresses of an article's images and videos: its lead image, image and gallery blocks, videos
/// and their posters.
pub fn media_urls(a: &ContentArticle) -> Vec<&SafeUrl> {
    let mut urls: Vec<&SafeUrl> = a.lead_image.iter().map(|i| &i.url).collect();
    for b in &a.body {
        match b {
            Block::Image { image, .. } => urls.push(&image.url),
            Block::Gallery { images, .. } => urls.extend(images.iter().map(|f| &f.image.url)),
            Block::Video { url, poster, .. } => urls.extend(std::iter::once(url).chain(poster)),
            _ => {}
        }
    }
    urls
}

/// True if a page may show media from `url` (the CSP's `img-src`/`media-src`): a root-relative address,
/// or one on an origin of `origins` (`scheme://host[:port]`, lower-case).
pub fn media_allowed(url: &SafeUrl, origins: &[String]) -> bool {
    if !url.is_external() {
        return true;
    }
    crate::cli::origin_of(url.as_str()).is_some_and(|o| origins.contains(&o))
}
