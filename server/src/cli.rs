//! Command-line and environment parsing for the binary (clap derive): `serve` (default), `generate`,
//! `import`, `token`, `user`, `backup`, `help`.

use crate::auth::Role;
use crate::desk::accounts::Role as DeskRole;
use crate::sources::generate::GenerateOptions;
use crate::store::Database;
use crate::Config;
use clap::{Args, Parser, Subcommand};
use ipnet::IpNet;
use std::ffi::OsString;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

/// What the binary was asked to do.
#[derive(Debug, PartialEq)]
pub enum Command {
    Serve {
        config: Box<Config>,
        log_level: String,
    },
    Generate(GenerateOptions),
    /// Upsert a `content/`-format folder into the database.
    Import {
        database: Database,
        dir: PathBuf,
    },
    Token {
        database: Database,
        action: TokenAction,
    },
    /// Manage desk accounts.
    User {
        database: Database,
        action: UserAction,
    },
    /// Copy the SQLite database to a file, consistent while a server writes.
    Backup {
        database: Database,
        file: PathBuf,
    },
}

/// What `difang-server user` does. Passwords come from `DIFANG_PASSWORD` or a prompt.
#[derive(Debug, PartialEq)]
pub enum UserAction {
    Add { name: String, role: DeskRole },
    List,
    Disable { name: String },
    Passwd { name: String },
}

/// What `difang-server token` does.
#[derive(Debug, PartialEq)]
pub enum TokenAction {
    Add { name: String, role: Role },
    List,
    Revoke { name: String },
}

#[derive(Parser, Debug)]
#[command(
    name = "difang-server",
    version,
    about = "Difang's reference content API: /api/v1 from SQLite and the built app, on one origin",
    // `difang-server --bind …` is `serve`; flags before a subcommand name would be ambiguous.
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Sub>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Subcommand, Debug)]
enum Sub {
    /// Serve the API and the app (the default)
    Serve(Box<ServeArgs>),
    /// Write a deterministic synthetic corpus in the content/ format
    Generate(GenerateArgs),
    /// Upsert a content/-format folder (site.json, articles/) into the database, also while a server
    /// runs on it (it shows the change within a second)
    Import(ImportArgs),
    /// Manage the publishing API's bearer tokens
    Token {
        #[command(subcommand)]
        action: TokenSub,
    },
    /// Manage the desk's accounts (password from DIFANG_PASSWORD or a prompt)
    User {
        #[command(subcommand)]
        action: UserSub,
    },
    /// Copy the SQLite database to FILE, consistent while a server keeps writing (restore: see
    /// docs/operations.md); on PostgreSQL use pg_dump
    Backup(BackupArgs),
}

#[derive(Subcommand, Debug)]
enum UserSub {
    /// Create an account
    Add {
        /// The login name: 1–64 of [A-Za-z0-9._-]
        #[arg(value_name = "NAME", value_parser = user_name)]
        name: String,
        /// editor: the desk's counts and closing comments; moderator: also moderation; admin: all
        #[arg(long, value_enum)]
        role: DeskRole,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// List the accounts (names, roles, created, disabled; never passwords)
    List {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Disable an account: its sessions end at once
    Disable {
        #[arg(value_name = "NAME")]
        name: String,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Set an account's password: its sessions end
    Passwd {
        #[arg(value_name = "NAME")]
        name: String,
        #[command(flatten)]
        store: StoreArgs,
    },
}

fn user_name(s: &str) -> Result<String, String> {
    crate::desk::accounts::valid_name(s)
        .then(|| s.to_owned())
        .ok_or_else(|| "1–64 of [A-Za-z0-9._-]".to_owned())
}

/// Where the content lives: SQLite in a folder (the default), or PostgreSQL.
#[derive(Args, Debug)]
struct StoreArgs {
    /// Holds difang.db (SQLite)
    #[arg(
        long,
        env = "DIFANG_DATA_DIR",
        value_name = "DIR",
        default_value = "data"
    )]
    data_dir: PathBuf,
    /// PostgreSQL instead of SQLite, e.g. postgres://difang@db.internal/difang (several instances may
    /// share it)
    #[arg(long, env = "DIFANG_DATABASE", value_name = "URL", value_parser = postgres_url)]
    database: Option<String>,
}

impl StoreArgs {
    fn database(&self) -> Database {
        match &self.database {
            Some(url) if !url.is_empty() => Database::Postgres(url.clone()),
            _ => Database::Sqlite(self.data_dir.clone()),
        }
    }
}

/// A PostgreSQL connection URL (an empty value means "not set").
fn postgres_url(s: &str) -> Result<String, String> {
    if s.is_empty() || s.starts_with("postgres://") || s.starts_with("postgresql://") {
        Ok(s.to_owned())
    } else {
        Err("must be a postgres:// or postgresql:// URL".into())
    }
}

#[derive(Args, Debug)]
struct ImportArgs {
    /// The folder: site.json and articles/*.json
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    #[command(flatten)]
    store: StoreArgs,
}

#[derive(Args, Debug)]
struct BackupArgs {
    /// Where the copy goes (replaced if it exists)
    #[arg(value_name = "FILE")]
    file: PathBuf,
    #[command(flatten)]
    store: StoreArgs,
}

#[derive(Subcommand, Debug)]
enum TokenSub {
    /// Create a token and print it (the only time it is shown; only its digest is stored)
    Add {
        /// A name to list and revoke it by, e.g. the CMS or the person using it
        #[arg(value_name = "NAME", value_parser = token_name)]
        name: String,
        /// publisher: articles; admin: also the site tree
        #[arg(long, value_enum, default_value = "publisher")]
        role: Role,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// List the tokens (names, roles, last use; never the tokens)
    List {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Revoke a token by name: requests with it are refused at once
    Revoke {
        #[arg(value_name = "NAME")]
        name: String,
        #[command(flatten)]
        store: StoreArgs,
    },
}

fn token_name(s: &str) -> Result<String, String> {
    let ok = (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    ok.then(|| s.to_owned())
        .ok_or_else(|| "1–64 of [A-Za-z0-9._-]".to_owned())
}

#[derive(Args, Debug)]
struct ServeArgs {
    /// Listen address
    #[arg(
        long,
        env = "DIFANG_BIND",
        value_name = "ADDR",
        default_value = "127.0.0.1:8080"
    )]
    bind: SocketAddr,
    #[command(flatten)]
    store: StoreArgs,
    /// The built app (Trunk's dist/)
    #[arg(
        long,
        env = "DIFANG_DIST_DIR",
        value_name = "DIR",
        default_value = "dist"
    )]
    dist_dir: PathBuf,
    /// Demo content, imported into an empty database; media/ is served at /media/
    #[arg(
        long,
        env = "DIFANG_CONTENT_DIR",
        value_name = "DIR",
        default_value = "content"
    )]
    content_dir: PathBuf,
    /// Origin of canonical and Open Graph URLs, e.g. https://difang.example; https turns on HSTS
    /// [default: the bound address; never the Host header]
    #[arg(long, env = "DIFANG_PUBLIC_URL", value_name = "URL", value_parser = public_url)]
    public_url: Option<String>,
    /// Hold new comments as pending (DIFANG_MODERATION=1/true/yes/on)
    #[arg(long, env = "DIFANG_MODERATION", value_parser = clap::builder::BoolishValueParser::new())]
    moderation: bool,
    /// Send pages without their first screen: the app draws them in the browser, as on static hosting
    /// (DIFANG_NO_FIRST_SCREEN=1/true/yes/on)
    #[arg(long, env = "DIFANG_NO_FIRST_SCREEN", value_parser = clap::builder::BoolishValueParser::new())]
    no_first_screen: bool,
    /// Put each article's whole text in the feeds (/feed.xml, /rss.xml and the channels'), not only its
    /// summary (DIFANG_FEED_FULL_TEXT=1/true/yes/on)
    #[arg(long, env = "DIFANG_FEED_FULL_TEXT", value_parser = clap::builder::BoolishValueParser::new())]
    feed_full_text: bool,
    /// Comment posts (and, separately, reports) per client per minute
    #[arg(long, env = "DIFANG_RATE_LIMIT", value_name = "N", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..))]
    rate_limit: u32,
    /// Peers whose X-Forwarded-For names the client, as CIDRs or addresses, comma-separated
    #[arg(long, env = "DIFANG_TRUSTED_PROXIES", value_name = "CIDRS", value_delimiter = ',',
          value_parser = cidr)]
    trusted_proxies: Vec<IpNet>,
    /// Clients (CIDRs or addresses, comma-separated; behind trusted proxies the forwarded client) that
    /// may read /metrics; nobody when empty
    #[arg(long, env = "DIFANG_METRICS_ALLOW", value_name = "CIDRS", value_delimiter = ',',
          value_parser = cidr)]
    metrics_allow: Vec<IpNet>,
    /// Log filter, RUST_LOG syntax (e.g. warn, info, difang=debug) [default: $RUST_LOG, else info]
    #[arg(long, env = "DIFANG_LOG", value_name = "FILTER", value_parser = log_filter)]
    log_level: Option<String>,
    /// Seconds a client has to send a request's headers; also how long an idle keep-alive connection stays
    #[arg(long, env = "DIFANG_HEADER_TIMEOUT", value_name = "SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..))]
    header_timeout: u64,
    /// Seconds a client has to send a request's body
    #[arg(long, env = "DIFANG_BODY_TIMEOUT", value_name = "SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..))]
    body_timeout: u64,
    /// Connections served at once; more wait in the listen queue
    #[arg(long, env = "DIFANG_MAX_CONNECTIONS", value_name = "N", default_value_t = 1024,
          value_parser = clap::value_parser!(u32).range(1..))]
    max_connections: u32,
    /// Connections one client (an address; an IPv6 /64) may hold open (trusted proxies: no cap)
    #[arg(long, env = "DIFANG_MAX_CLIENT_CONNECTIONS", value_name = "N", default_value_t = 64,
          value_parser = clap::value_parser!(u32).range(1..))]
    max_client_connections: u32,
    /// Requests one client (behind trusted proxies: the forwarded client) may have in flight; more get 429
    #[arg(long, env = "DIFANG_MAX_CLIENT_REQUESTS", value_name = "N", default_value_t = 32,
          value_parser = clap::value_parser!(u32).range(1..))]
    max_client_requests: u32,
    /// Requests in flight at once; more are answered 503 with Retry-After at once, not queued
    #[arg(long, env = "DIFANG_MAX_IN_FLIGHT", value_name = "N", default_value_t = 512,
          value_parser = clap::value_parser!(u32).range(1..))]
    max_in_flight: u32,
    /// Live-update streams (SSE) held open at once, at most 3/4 of --max-connections (each holds one);
    /// more are answered 503 and readers poll instead
    #[arg(long, env = "DIFANG_MAX_LIVE_STREAMS", value_name = "N", default_value_t = 512,
          value_parser = clap::value_parser!(u32).range(1..))]
    max_live_streams: u32,
    /// Live-update streams one client (behind trusted proxies: the forwarded client) may hold open
    #[arg(long, env = "DIFANG_MAX_CLIENT_LIVE_STREAMS", value_name = "N", default_value_t = 8,
          value_parser = clap::value_parser!(u32).range(1..))]
    max_client_live_streams: u32,
    /// Seconds a write to a client may make no progress before its connection is closed
    #[arg(long, env = "DIFANG_WRITE_TIMEOUT", value_name = "SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..))]
    write_timeout: u64,
    /// Seconds this server keeps answers and drawn pages in memory (purged sooner by writes); 0 keeps
    /// none (every request reads the store and every page is drawn)
    #[arg(long, env = "DIFANG_CACHE_TTL", value_name = "SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(0..=3600))]
    cache_ttl: u64,
    /// Read-only database connections: how many reads (widget queries, comment pages) run at once
    #[arg(long, env = "DIFANG_READERS", value_name = "N", default_value_t = 2,
          value_parser = clap::value_parser!(u32).range(1..=64))]
    readers: u32,
    /// Origins that may frame the partner widgets (/embed/…), comma-separated, e.g.
    /// https://partner.example [default: none: read-only widgets by any origin, comments by none]
    #[arg(long, env = "DIFANG_EMBED_ORIGINS", value_name = "ORIGINS", value_delimiter = ',',
          value_parser = origin)]
    embed_origins: Vec<String>,
    /// A WordPress site to follow, e.g. https://cms.example: its categories are the site's places and
    /// channels, its posts the articles (the demo content is then not imported)
    #[arg(long, env = "DIFANG_WORDPRESS", value_name = "URL", value_parser = public_url)]
    wordpress: Option<String>,
    /// Seconds between two syncs from WordPress
    #[arg(long, env = "DIFANG_SYNC_INTERVAL", value_name = "SECS", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    sync_interval: u64,
    /// Origins besides this one that article images and videos may come from (the CSP's img-src and
    /// media-src), comma-separated; a followed WordPress site's origin is added by itself
    #[arg(long, env = "DIFANG_MEDIA_ORIGINS", value_name = "ORIGINS", value_delimiter = ',',
          value_parser = origin)]
    media_origins: Vec<String>,
    /// Shared caches in front of the server (Varnish, a CDN) to send an HTTP PURGE with the changed
    /// Surrogate-Keys after each write, comma-separated, e.g. http://127.0.0.1:6081/
    #[arg(long = "purge-url", env = "DIFANG_PURGE_URL", value_name = "URLS", value_delimiter = ',',
          value_parser = public_url)]
    purge_urls: Vec<String>,
    /// Seconds shutdown waits for open requests before closing their connections
    #[arg(
        long,
        env = "DIFANG_SHUTDOWN_TIMEOUT",
        value_name = "SECS",
        default_value_t = 10
    )]
    shutdown_timeout: u64,
}

#[derive(Args, Debug)]
struct GenerateArgs {
    /// Articles to write
    #[arg(long, value_name = "N", default_value_t = 1000)]
    articles: u64,
    /// Comments on each of the big threads
    #[arg(long, value_name = "N", default_value_t = 1000)]
    comments_per_thread: u64,
    /// Articles 1..=N get the big threads
    #[arg(long, value_name = "N", default_value_t = 10)]
    threads: u64,
    /// Output folder
    #[arg(long, value_name = "DIR", default_value = "bench-content")]
    out: PathBuf,
    /// Seed of the generator
    #[arg(long, value_name = "N", default_value_t = 1)]
    seed: u64,
}

/// An empty value (`DIFANG_PUBLIC_URL=`) means "not set".
fn public_url(s: &str) -> Result<String, String> {
    if s.is_empty() {
        return Ok(String::new());
    }
    match model::SafeUrl::parse(s) {
        Ok(u) if u.is_external() => Ok(s.to_owned()),
        _ => Err("must be an absolute http(s) URL".into()),
    }
}

/// An origin as a browser sends it: `http(s)://host[:port]`, no path, no trailing slash (lower-cased).
/// It goes into a CSP header, so anything but host characters is refused.
fn origin(s: &str) -> Result<String, String> {
    let s = s.trim().to_ascii_lowercase();
    let err = || format!("not an origin (http(s)://host[:port]): {s:?}");
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .ok_or_else(err)?;
    let ok = !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    if ok {
        Ok(s)
    } else {
        Err(err())
    }
}

/// The origin (`scheme://host[:port]`, lower-cased) of an absolute http(s) URL.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    origin(&format!("{scheme}://{host}")).ok()
}

/// A CIDR (`10.0.0.0/8`) or a bare address (one host).
fn cidr(s: &str) -> Result<IpNet, String> {
    let s = s.trim();
    s.parse::<IpNet>()
        .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("not a CIDR or an address: {s:?}"))
}

fn log_filter(s: &str) -> Result<String, String> {
    tracing_subscriber::EnvFilter::try_new(s)
        .map(|_| s.to_owned())
        .map_err(|e| e.to_string())
}

impl ServeArgs {
    fn into_command(self) -> Command {
        let config = Config {
            bind: self.bind,
            data_dir: self.store.data_dir,
            database: self.store.database.filter(|u| !u.is_empty()),
            dist_dir: self.dist_dir,
            content_dir: self.content_dir,
            public_url: self.public_url.filter(|u| !u.is_empty()),
            moderation: self.moderation,
            first_screen: !self.no_first_screen,
            feed_full_text: self.feed_full_text,
            rate_limit_per_minute: self.rate_limit,
            trusted_proxies: self.trusted_proxies,
            metrics_allow: self.metrics_allow,
            header_timeout: Duration::from_secs(self.header_timeout),
            body_timeout: Duration::from_secs(self.body_timeout),
            max_connections: self.max_connections as usize,
            max_client_connections: self.max_client_connections as usize,
            max_client_requests: self.max_client_requests as usize,
            max_in_flight: self.max_in_flight as usize,
            max_live_streams: self.max_live_streams as usize,
            max_client_live_streams: self.max_client_live_streams as usize,
            write_timeout: Duration::from_secs(self.write_timeout),
            cache_ttl: Duration::from_secs(self.cache_ttl),
            shutdown_timeout: Duration::from_secs(self.shutdown_timeout),
            readers: self.readers,
            embed_origins: self.embed_origins,
            wordpress: self.wordpress.filter(|u| !u.is_empty()),
            sync_interval: Duration::from_secs(self.sync_interval),
            media_origins: self.media_origins,
            purge_urls: self
                .purge_urls
                .into_iter()
                .filter(|u| !u.is_empty())
                .collect(),
            ..Config::default()
        };
        // RUST_LOG is the usual variable for a tracing filter; scripts that set it keep working.
        let log_level = self
            .log_level
            .or_else(|| {
                std::env::var("RUST_LOG")
                    .ok()
                    .filter(|v| log_filter(v).is_ok())
            })
            .unwrap_or_else(|| "info".to_owned());
        Command::Serve {
            config: Box::new(config),
            log_level,
        }
    }
}

/// Parses the arguments (the program name first, as `std::env::args_os` gives them) and the `DIFANG_*`
/// variables, which flags override. Help and version are errors of kind `DisplayHelp`/`DisplayVersion`:
/// `clap::Error::exit` prints them to stdout and exits 0, real errors to stderr with status 2.
pub fn parse<I, T>(args: I) -> Result<Command, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = Cli::try_parse_from(args)?;
    Ok(match cli.command {
        None => cli.serve.into_command(),
        Some(Sub::Serve(a)) => a.into_command(),
        Some(Sub::Generate(g)) => Command::Generate(GenerateOptions {
            articles: g.articles,
            comments_per_thread: g.comments_per_thread,
            threads: g.threads,
            out: g.out,
            seed: g.seed,
        }),
        Some(Sub::Import(i)) => Command::Import {
            database: i.store.database(),
            dir: i.dir,
        },
        Some(Sub::User { action }) => {
            let (store, action) = match action {
                UserSub::Add { name, role, store } => (store, UserAction::Add { name, role }),
                UserSub::List { store } => (store, UserAction::List),
                UserSub::Disable { name, store } => (store, UserAction::Disable { name }),
                UserSub::Passwd { name, store } => (store, UserAction::Passwd { name }),
            };
            Command::User {
                database: store.database(),
                action,
            }
        }
        Some(Sub::Backup(b)) => Command::Backup {
            database: b.store.database(),
            file: b.file,
        },
        Some(Sub::Token { action }) => {
            let (store, action) = match action {
                TokenSub::Add { name, role, store } => (store, TokenAction::Add { name, role }),
                TokenSub::List { store } => (store, TokenAction::List),
                TokenSub::Revoke { name, store } => (store, TokenAction::Revoke { name }),
            };
            Command::Token {
                database: store.database(),
                action,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::error::ErrorKind;
    use std::sync::Mutex;

    /// The process environment is shared by every test thread; tests that read or set it take turns.
    static ENV: Mutex<()> = Mutex::new(());

    const VARS: &[&str] = &[
        "DIFANG_BIND",
        "DIFANG_DATA_DIR",
        "DIFANG_DATABASE",
        "DIFANG_DIST_DIR",
        "DIFANG_CONTENT_DIR",
        "DIFANG_PUBLIC_URL",
        "DIFANG_MODERATION",
        "DIFANG_RATE_LIMIT",
        "DIFANG_TRUSTED_PROXIES",
        "DIFANG_LOG",
        "DIFANG_HEADER_TIMEOUT",
        "DIFANG_BODY_TIMEOUT",
        "DIFANG_MAX_CONNECTIONS",
        "DIFANG_MAX_CLIENT_CONNECTIONS",
        "DIFANG_MAX_CLIENT_REQUESTS",
        "DIFANG_MAX_IN_FLIGHT",
        "DIFANG_WRITE_TIMEOUT",
        "DIFANG_CACHE_TTL",
        "DIFANG_SHUTDOWN_TIMEOUT",
        "DIFANG_READERS",
        "DIFANG_EMBED_ORIGINS",
        "DIFANG_WORDPRESS",
        "DIFANG_SYNC_INTERVAL",
        "DIFANG_MEDIA_ORIGINS",
        "DIFANG_PURGE_URL",
        "DIFANG_METRICS_ALLOW",
        "RUST_LOG",
    ];

    /// Runs `f` with exactly the given `DIFANG_*` variables set.
    fn with_env<R>(vars: &[(&str, &str)], f: impl FnOnce() -> R) -> R {
        let _turn = ENV.lock().unwrap_or_else(|e| e.into_inner());
        for v in VARS {
            std::env::remove_var(v);
        }
        for (k, v) in vars {
            std::env::set_var(k, v);
        }
        let out = f();
        for (k, _) in vars {
            std::env::remove_var(k);
        }
        out
    }

    fn run(s: &str) -> Result<Command, clap::Error> {
        parse(std::iter::once("difang-server").chain(s.split_whitespace()))
    }

    fn serve(s: &str) -> (Config, String) {
        match run(s).unwrap() {
            Command::Serve { config, log_level } => (*config, log_level),
            other => panic!("not serve: {other:?}"),
        }
    }

    #[test]
    fn no_arguments_serve_with_the_defaults() {
        with_env(&[], || {
            assert_eq!(serve(""), (Config::default(), "info".to_owned()));
            assert_eq!(serve("serve"), (Config::default(), "info".to_owned()));
        });
    }

    #[test]
    fn flags_override_env() {
        let env = [
            ("DIFANG_BIND", "0.0.0.0:9000"),
            ("DIFANG_RATE_LIMIT", "7"),
            ("DIFANG_DATA_DIR", "/from/env"),
            ("DIFANG_MODERATION", "1"),
            ("DIFANG_TRUSTED_PROXIES", "10.0.0.0/8,::1"),
            ("DIFANG_LOG", "warn"),
            ("DIFANG_PUBLIC_URL", ""),
        ];
        with_env(&env, || {
            let (c, log) = serve("serve --bind 127.0.0.1:1 --data-dir=/tmp/x --log-level debug");
            assert_eq!(c.bind.to_string(), "127.0.0.1:1");
            assert_eq!(c.data_dir, PathBuf::from("/tmp/x"));
            assert_eq!(log, "debug");
            // Not given as flags: from the environment.
            assert_eq!(c.rate_limit_per_minute, 7);
            assert!(c.moderation);
            let nets: Vec<String> = c.trusted_proxies.iter().map(|n| n.to_string()).collect();
            assert_eq!(nets, ["10.0.0.0/8", "::1/128"]);
            assert_eq!(c.public_url, None, "an empty variable is no value");
            let (c, log) = serve("--trusted-proxies 192.168.0.0/16");
            assert_eq!(c.bind.to_string(), "0.0.0.0:9000");
            assert_eq!(c.data_dir, PathBuf::from("/from/env"));
            assert_eq!(log, "warn");
            assert_eq!(
                c.trusted_proxies,
                ["192.168.0.0/16".parse::<IpNet>().unwrap()]
            );
        });
        with_env(&[("DIFANG_MODERATION", "0")], || {
            assert!(!serve("").0.moderation);
        });
        with_env(&[("RUST_LOG", "warn")], || {
            assert_eq!(serve("").1, "warn", "RUST_LOG when DIFANG_LOG is not set");
        });
        with_env(&[("RUST_LOG", "warn"), ("DIFANG_LOG", "debug")], || {
            assert_eq!(serve("").1, "debug");
        });
        with_env(&[("DIFANG_RATE_LIMIT", "many")], || {
            assert_eq!(run("").unwrap_err().kind(), ErrorKind::ValueValidation);
        });
    }

    #[test]
    fn timeouts_and_refusals() {
        with_env(&[], || {
            let (c, _) = serve(
                "--header-timeout 3 --body-timeout 4 --max-connections 50 --shutdown-timeout 0 --readers 3 --cache-ttl 0",
            );
            assert_eq!(c.cache_ttl, Duration::ZERO, "no caches");
            assert_eq!(c.readers, 3);
            assert_eq!(c.header_timeout, Duration::from_secs(3));
            assert_eq!(c.body_timeout, Duration::from_secs(4));
            assert_eq!(c.max_connections, 50);
            assert_eq!(c.shutdown_timeout, Duration::ZERO);
            for bad in [
                "--bogus",
                "--public-url javascript:x",
                "--public-url /relative",
                "--rate-limit 0",
                "--header-timeout 0",
                "--max-connections 0",
                "--readers 0",
                "--cache-ttl 3601",
                "--database mysql://x",
                "--max-in-flight 0",
                "--trusted-proxies 10.0.0.0/99",
                "--log-level a=b=c",
                "--bind nowhere",
                "--bind 127.0.0.1:1 serve",
            ] {
                assert!(run(bad).is_err(), "{bad} should be refused");
            }
            assert_eq!(
                serve("--public-url https://difang.example")
                    .0
                    .public_url
                    .as_deref(),
                Some("https://difang.example")
            );
            for help in ["--help", "-h", "help", "serve --help", "generate --help"] {
                assert_eq!(
                    run(help).unwrap_err().kind(),
                    ErrorKind::DisplayHelp,
                    "{help}"
                );
            }
        });
    }

    #[test]
    fn embed_origins_from_flag_or_env() {
        with_env(
            &[(
                "DIFANG_EMBED_ORIGINS",
                "https://a.example,http://127.0.0.1:8081",
            )],
            || {
                assert_eq!(
                    serve("").0.embed_origins,
                    ["https://a.example", "http://127.0.0.1:8081"]
                );
                assert_eq!(
                    serve("--embed-origins HTTPS://B.example").0.embed_origins,
                    ["https://b.example"]
                );
            },
        );
        with_env(&[], || {
            for bad in [
                "--embed-origins b.example",
                "--embed-origins https://b.example/",
                "--embed-origins https://b.example;script-src",
                "--embed-origins *",
            ] {
                assert!(run(bad).is_err(), "{bad} should be refused");
            }
        });
    }

    #[test]
    fn generate_flags() {
        with_env(&[], generate_flags_without_env);
    }

    fn generate_flags_without_env() {
        let Command::Generate(o) =
            run("generate --articles 5 --comments-per-thread 9 --out d --seed 3 --threads 2")
                .unwrap()
        else {
            panic!("not generate")
        };
        assert_eq!(
            (o.articles, o.comments_per_thread, o.threads, o.seed),
            (5, 9, 2, 3)
        );
        assert_eq!(o.out, PathBuf::from("d"));
        let Command::Generate(o) = run("generate").unwrap() else {
            panic!("not generate")
        };
        assert_eq!(o, GenerateOptions::default());
    }

    #[test]
    fn backup_names_its_file_and_store() {
        with_env(&[], || {
            assert_eq!(
                run("backup /srv/backups/difang.db --data-dir /srv/difang").unwrap(),
                Command::Backup {
                    database: Database::Sqlite("/srv/difang".into()),
                    file: "/srv/backups/difang.db".into(),
                }
            );
            assert!(run("backup").is_err(), "FILE is required");
        });
    }
}
