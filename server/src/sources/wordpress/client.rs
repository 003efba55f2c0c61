//! The WordPress REST client: finds the API root the way WordPress announces it (the `Link: <…>;
//! rel="https://api.w.org/"` header, so plain and pretty permalinks both work), builds route URLs for
//! either form, and reads JSON pages with a timeout, telling a site that is down, slow, failing or
//! answering something other than its API apart.

use super::wp::{Named, WpCategory, WpIndex, WpMedia, WpPost};
use reqwest::header::{HeaderMap, CONTENT_TYPE, LINK};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::time::Duration;
use url::Url;

/// The relation WordPress names its REST root with.
const API_REL: &str = "https://api.w.org/";
/// WordPress's largest page.
pub const PER_PAGE: u32 = 100;
/// Largest answer read (a page of 100 posts is about 0.3 MB).
const MAX_BYTES: usize = 32 << 20;

/// Why WordPress could not be read. The kind (not the text) decides whether a failure is "the same as
/// before" for the log.
#[derive(Debug, thiserror::Error)]
pub enum WpError {
    #[error("cannot reach WordPress at {url}: {detail}")]
    Unreachable { url: String, detail: String },
    #[error("WordPress did not answer {url} within {secs} s")]
    Timeout { url: String, secs: u64 },
    #[error("WordPress answered {status} for {url}")]
    Status { status: u16, url: String },
    #[error("WordPress's answer to {url} is not its JSON API ({detail})")]
    Malformed { url: String, detail: String },
    #[error("{0}")]
    NotWordpress(String),
}

impl WpError {
    /// A short name of the failure's kind, for logs and `/healthz`.
    pub fn kind(&self) -> &'static str {
        match self {
            WpError::Unreachable { .. } => "unreachable",
            WpError::Timeout { .. } => "timeout",
            WpError::Status { status, .. } if *status >= 500 => "server_error",
            WpError::Status { .. } => "refused",
            WpError::Malformed { .. } => "malformed",
            WpError::NotWordpress(_) => "not_wordpress",
        }
    }
}

pub type WpResult<T> = Result<T, WpError>;

/// One page of a list and the totals WordPress sends beside it.
pub struct Page<T> {
    pub items: Vec<T>,
    /// `X-WP-Total`: items in the whole list.
    pub total: u64,
    /// `X-WP-TotalPages`.
    pub pages: u32,
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    /// The REST root as announced, e.g. `https://cms/wp-json/` or `https://cms/index.php?rest_route=/`.
    root: Url,
    /// The site's address (what relative URLs in posts resolve against).
    pub site: Url,
    timeout: Duration,
}

impl Client {
    /// Finds the REST root of the WordPress site at `site`.
    pub async fn discover(site: &str, timeout: Duration) -> WpResult<Client> {
        let site = Url::parse(site)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .ok_or_else(|| WpError::NotWordpress(format!("not an http(s) address: {site:?}")))?;
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .user_agent(concat!("difang-sync/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| WpError::NotWordpress(format!("HTTP client: {e}")))?;
        // WordPress sends the header on HEAD too, without rendering the page; some servers refuse HEAD.
        let mut found = None;
        for method in [reqwest::Method::HEAD, reqwest::Method::GET] {
            let res = http
                .request(method, site.clone())
                .send()
                .await
                .map_err(|e| transport(site.as_str(), timeout, e))?;
            if !res.status().is_success() {
                return Err(WpError::Status {
                    status: res.status().as_u16(),
                    url: site.to_string(),
                });
            }
            found = api_root(res.headers());
            if found.is_some() {
                break;
            }
        }
        let root = found.ok_or_else(|| {
            WpError::NotWordpress(format!(
                "{site} announces no REST API (no Link header with rel=\"{API_REL}\"): is it WordPress, with the REST API on?"
            ))
        })?;
        let root = site
            .join(&root)
            .map_err(|e| WpError::NotWordpress(format!("REST root {root:?}: {e}")))?;
        Ok(Client {
            http,
            root,
            site,
            timeout,
        })
    }

    /// The URL of a route (`wp/v2/posts`) with its query, in the root's form: a path under a pretty
    /// root, the `rest_route` parameter under a plain one.
    pub fn url(&self, route: &str, query: &[(&str, String)]) -> Url {
        let mut url = self.root.clone();
        let plain = url.query_pairs().any(|(k, _)| k == "rest_route");
        if plain {
            let kept: Vec<(String, String)> = url
                .query_pairs()
                .filter(|(k, _)| k != "rest_route")
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            let mut q = url.query_pairs_mut();
            q.clear();
            q.extend_pairs(kept);
            q.append_pair("rest_route", &format!("/{route}"));
        } else {
            let path = format!("{}/{route}", url.path().trim_end_matches('/'));
            url.set_path(&path);
        }
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        url
    }

    /// GETs a route and reads its JSON, with the response's headers.
    async fn get<T: DeserializeOwned + Send + 'static>(
        &self,
        route: &str,
        query: &[(&str, String)],
    ) -> WpResult<(T, HeaderMap)> {
        let url = self.url(route, query);
        let shown = url.to_string();
        let mut res = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|e| transport(&shown, self.timeout, e))?;
        let status = res.status();
        if !status.is_success() {
            return Err(WpError::Status {
                status: status.as_u16(),
                url: shown,
            });
        }
        let headers = res.headers().clone();
        let json = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().contains("json"));
        if !json {
            return Err(WpError::Malformed {
                url: shown,
                detail: format!(
                    "Content-Type {:?}",
                    headers
                        .get(CONTENT_TYPE)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                ),
            });
        }
        let mut body = Vec::new();
        while let Some(chunk) = res
            .chunk()
            .await
            .map_err(|e| transport(&shown, self.timeout, e))?
        {
            if body.len() + chunk.len() > MAX_BYTES {
                return Err(WpError::Malformed {
                    url: shown,
                    detail: format!("larger than {MAX_BYTES} bytes"),
                });
            }
            body.extend_from_slice(&chunk);
        }
        // A page of posts is hundreds of kilobytes of JSON: decoded at a low priority, off the runtime.
        let decoded = crate::background::low_priority("wordpress-json", move || {
            serde_json::from_slice::<T>(&body)
        })
        .await
        .map_err(|e| WpError::NotWordpress(format!("decoding {shown}: {e}")))?;
        let value = decoded.map_err(|e| WpError::Malformed {
            url: shown,
            detail: e.to_string(),
        })?;
        Ok((value, headers))
    }

    /// One page of a list route.
    async fn page<T: DeserializeOwned + Send + 'static>(
        &self,
        route: &str,
        query: &[(&str, String)],
        page: u32,
    ) -> WpResult<Page<T>> {
        let mut q = query.to_vec();
        q.push(("per_page", PER_PAGE.to_string()));
        q.push(("page", page.to_string()));
        let (items, headers) = self.get::<Vec<T>>(route, &q).await?;
        let number = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        let total = number("x-wp-total").unwrap_or(items.len() as u64);
        let pages = number("x-wp-totalpages").unwrap_or(1) as u32;
        Ok(Page {
            items,
            total,
            pages,
        })
    }

    /// Every page of a list route.
    async fn all<T: DeserializeOwned + Send + 'static>(
        &self,
        route: &str,
        query: &[(&str, String)],
    ) -> WpResult<Vec<T>> {
        let first = self.page::<T>(route, query, 1).await?;
        let mut items = first.items;
        for n in 2..=first.pages {
            items.extend(self.page::<T>(route, query, n).await?.items);
        }
        Ok(items)
    }

    /// The site's name, description and addresses (the REST root's own answer).
    pub async fn index(&self) -> WpResult<WpIndex> {
        let url = self.root.to_string();
        let res = self
            .http
            .get(self.root.clone())
            .send()
            .await
            .map_err(|e| transport(&url, self.timeout, e))?;
        if !res.status().is_success() {
            return Err(WpError::Status {
                status: res.status().as_u16(),
                url,
            });
        }
        let body = res
            .bytes()
            .await
            .map_err(|e| transport(&url, self.timeout, e))?;
        serde_json::from_slice(&body).map_err(|e| WpError::Malformed {
            url,
            detail: e.to_string(),
        })
    }

    pub async fn categories(&self) -> WpResult<Vec<WpCategory>> {
        self.all(
            "wp/v2/categories",
            &[
                ("_fields", "id,name,slug,parent,description".into()),
                ("orderby", "id".into()),
                ("hide_empty", "false".into()),
            ],
        )
        .await
    }

    /// A page of published posts, naming their writer, tags and featured image by id (see
    /// [`Client::names`] and [`Client::media`]). `filter` adds `modified_after` or `include`.
    pub async fn posts(&self, filter: &[(&str, String)], page: u32) -> WpResult<Page<WpPost>> {
        let mut q: Vec<(&str, String)> = vec![
            (
                "_fields",
                "id,date,date_gmt,modified,modified_gmt,link,sticky,title,excerpt,content,categories,tags,author,featured_media,meta"
                    .into(),
            ),
            // A unique order: pages of posts sharing a modified time (a bulk edit) would overlap or
            // leave gaps between them.
            ("orderby", "id".into()),
            ("order", "asc".into()),
        ];
        q.extend(filter.iter().cloned());
        self.page("wp/v2/posts", &q, page).await
    }

    /// How many posts are published (one small request).
    pub async fn published_count(&self) -> WpResult<u64> {
        let page = self
            .page::<serde::de::IgnoredAny>("wp/v2/posts", &[("_fields", "id".into())], 1)
            .await;
        // `per_page` is 100 here; only the total matters.
        Ok(page?.total)
    }

    /// The ids of every published post.
    pub async fn post_ids(&self) -> WpResult<Vec<u64>> {
        #[derive(serde::Deserialize)]
        struct Id {
            id: u64,
        }
        let ids: Vec<Id> = self
            .all(
                "wp/v2/posts",
                &[
                    ("_fields", "id".into()),
                    ("orderby", "id".into()),
                    ("order", "asc".into()),
                ],
            )
            .await?;
        Ok(ids.into_iter().map(|i| i.id).collect())
    }

    /// The names of the users or tags (`route`: `wp/v2/users`, `wp/v2/tags`) with these ids; an id
    /// WordPress does not show is left out.
    pub async fn names(&self, route: &str, ids: &[u64]) -> WpResult<HashMap<u64, String>> {
        let mut names = HashMap::new();
        for chunk in ids.chunks(PER_PAGE as usize) {
            let found: Vec<Named> = self
                .page(
                    route,
                    &[("include", joined(chunk)), ("_fields", "id,name".into())],
                    1,
                )
                .await?
                .items;
            names.extend(found.into_iter().map(|n| (n.id, n.name)));
        }
        Ok(names)
    }

    /// The attachments with these ids (address, alt text, sizes); a private one is left out.
    pub async fn media(&self, ids: &[u64]) -> WpResult<HashMap<u64, WpMedia>> {
        let mut media = HashMap::new();
        for chunk in ids.chunks(PER_PAGE as usize) {
            let found: Vec<WpMedia> = self
                .page(
                    "wp/v2/media",
                    &[
                        ("include", joined(chunk)),
                        ("_fields", "id,source_url,alt_text,media_details".into()),
                    ],
                    1,
                )
                .await?
                .items;
            media.extend(found.into_iter().map(|m| (m.id, m)));
        }
        Ok(media)
    }
}

/// Ids as WordPress's `include` takes them.
pub fn joined(ids: &[u64]) -> String {
    ids.iter().map(u64::to_string).collect::<Vec<_>>().join(",")
}

/// The REST root named by a `Link` header, as written (relative or absolute).
fn api_root(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find_map(|link| {
            let (target, params) = link.trim().split_once(';')?;
            let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
            params
                .split(';')
                .filter_map(|p| p.trim().split_once('='))
                .any(|(k, v)| k.trim() == "rel" && v.trim().trim_matches('"') == API_REL)
                .then(|| target.to_owned())
        })
}

fn transport(url: &str, timeout: Duration, e: reqwest::Error) -> WpError {
    if e.is_timeout() {
        WpError::Timeout {
            url: url.to_owned(),
            secs: timeout.as_secs(),
        }
    } else if e.is_decode() || e.is_body() {
        WpError::Malformed {
            url: url.to_owned(),
            detail: e.to_string(),
        }
    } else {
        WpError::Unreachable {
            url: url.to_owned(),
            detail: std::error::Error::source(&e).map_or_else(|| e.to_string(), |s| s.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn client(root: &str) -> Client {
        Client {
            http: reqwest::Client::new(),
            root: Url::parse(root).unwrap(),
            site: Url::parse("http://cms.example/").unwrap(),
            timeout: Duration::from_secs(1),
        }
    }

    #[test]
    fn routes_follow_the_roots_form() {
        let q = [("page", "2".to_owned())];
        assert_eq!(
            client("http://cms.example/wp-json/")
                .url("wp/v2/posts", &q)
                .as_str(),
            "http://cms.example/wp-json/wp/v2/posts?page=2"
        );
        assert_eq!(
            client("http://cms.example/index.php?rest_route=/")
                .url("wp/v2/posts", &q)
                .as_str(),
            "http://cms.example/index.php?rest_route=%2Fwp%2Fv2%2Fposts&page=2"
        );
        // A site in a folder keeps its folder.
        assert_eq!(
            client("https://example.org/news/wp-json/")
                .url("wp/v2/categories", &[])
                .as_str(),
            "https://example.org/news/wp-json/wp/v2/categories"
        );
    }

    #[test]
    fn the_api_root_is_found_among_other_links() {
        let mut h = HeaderMap::new();
        h.append(
            LINK,
            HeaderValue::from_static("<https://cms.example/?p=5>; rel=shortlink"),
        );
        assert_eq!(api_root(&h), None);
        h.append(
            LINK,
            HeaderValue::from_static(
                "<https://cms.example/wp-json/wp/v2/pages/2>; rel=\"alternate\"; type=\"application/json\", <https://cms.example/wp-json/>; rel=\"https://api.w.org/\"",
            ),
        );
        assert_eq!(
            api_root(&h).as_deref(),
            Some("https://cms.example/wp-json/")
        );
    }
}
