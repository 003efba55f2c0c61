//! Command-line and environment parsing for the binary (hand-rolled: two subcommands, a dozen flags).

use crate::generate::GenerateOptions;
use crate::Config;

pub const USAGE: &str = "\
Usage:
  difang-server [serve] [--bind ADDR] [--data-dir DIR] [--dist-dir DIR] [--content-dir DIR]
                        [--public-url URL] [--moderation] [--rate-limit N]
  difang-server generate [--articles N] [--comments-per-thread N] [--threads N] [--out DIR] [--seed N]

serve (default):
  --bind ADDR          listen address              (DIFANG_BIND, default 127.0.0.1:8080)
  --data-dir DIR       holds difang.db             (DIFANG_DATA_DIR, default ./data)
  --dist-dir DIR       the built app               (DIFANG_DIST_DIR, default ./dist)
  --content-dir DIR    demo content, imported once (DIFANG_CONTENT_DIR, default ./content)
  --public-url URL     origin for crawler meta     (DIFANG_PUBLIC_URL, default: from the Host header)
  --moderation         hold new comments as pending (DIFANG_MODERATION=1)
  --rate-limit N       comment posts per client per minute (DIFANG_RATE_LIMIT, default 5)

generate: a deterministic synthetic corpus in the content/ format
  --articles N (1000)  --comments-per-thread N (1000)  --threads N (10: articles 1..=N get the big threads)
  --out DIR (./bench-content)  --seed N (1)
";

#[derive(Debug, PartialEq)]
pub enum Command {
    Serve(Config),
    Generate(GenerateOptions),
    Help,
}

fn truthy(v: &str) -> bool {
    matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on")
}

fn number<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T, String> {
    v.parse()
        .map_err(|_| format!("{flag}: not a valid number: {v:?}"))
}

/// Parses arguments (without the program name); `env` reads `DIFANG_*` variables, which flags override.
pub fn parse(args: &[String], env: impl Fn(&str) -> Option<String>) -> Result<Command, String> {
    let mut args: Vec<String> = args
        .iter()
        .flat_map(|a| match a.split_once('=') {
            Some((f, v)) if a.starts_with("--") => vec![f.to_owned(), v.to_owned()],
            _ => vec![a.clone()],
        })
        .collect();
    let sub = match args.first().map(String::as_str) {
        Some("serve") => {
            args.remove(0);
            "serve"
        }
        Some("generate") => {
            args.remove(0);
            "generate"
        }
        Some("help" | "--help" | "-h") => return Ok(Command::Help),
        _ => "serve",
    };
    let mut it = args.into_iter();
    let value = |flag: &str, it: &mut std::vec::IntoIter<String>| {
        it.next().ok_or_else(|| format!("{flag} needs a value"))
    };
    if sub == "generate" {
        let mut o = GenerateOptions::default();
        while let Some(flag) = it.next() {
            match flag.as_str() {
                "--articles" => o.articles = number(&flag, &value(&flag, &mut it)?)?,
                "--comments-per-thread" => {
                    o.comments_per_thread = number(&flag, &value(&flag, &mut it)?)?
                }
                "--threads" => o.threads = number(&flag, &value(&flag, &mut it)?)?,
                "--out" => o.out = value(&flag, &mut it)?.into(),
                "--seed" => o.seed = number(&flag, &value(&flag, &mut it)?)?,
                "--help" | "-h" => return Ok(Command::Help),
                other => return Err(format!("unknown option {other:?} for generate")),
            }
        }
        return Ok(Command::Generate(o));
    }
    let mut c = Config::default();
    if let Some(v) = env("DIFANG_BIND") {
        c.bind = v
            .parse()
            .map_err(|_| format!("DIFANG_BIND: not an address: {v:?}"))?;
    }
    if let Some(v) = env("DIFANG_DATA_DIR") {
        c.data_dir = v.into();
    }
    if let Some(v) = env("DIFANG_DIST_DIR") {
        c.dist_dir = v.into();
    }
    if let Some(v) = env("DIFANG_CONTENT_DIR") {
        c.content_dir = v.into();
    }
    if let Some(v) = env("DIFANG_PUBLIC_URL").filter(|v| !v.is_empty()) {
        c.public_url = Some(v);
    }
    if let Some(v) = env("DIFANG_MODERATION") {
        c.moderation = truthy(&v);
    }
    if let Some(v) = env("DIFANG_RATE_LIMIT") {
        c.rate_limit_per_minute = number("DIFANG_RATE_LIMIT", &v)?;
    }
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "--bind" => {
                let v = value(&flag, &mut it)?;
                c.bind = v
                    .parse()
                    .map_err(|_| format!("--bind: not an address like 127.0.0.1:8080: {v:?}"))?;
            }
            "--data-dir" => c.data_dir = value(&flag, &mut it)?.into(),
            "--dist-dir" => c.dist_dir = value(&flag, &mut it)?.into(),
            "--content-dir" => c.content_dir = value(&flag, &mut it)?.into(),
            "--public-url" => c.public_url = Some(value(&flag, &mut it)?),
            "--moderation" => c.moderation = true,
            "--rate-limit" => c.rate_limit_per_minute = number(&flag, &value(&flag, &mut it)?)?,
            "--help" | "-h" => return Ok(Command::Help),
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    if let Some(u) = &c.public_url {
        if model::SafeUrl::parse(u)
            .map(|s| !s.is_external())
            .unwrap_or(true)
        {
            return Err(format!(
                "--public-url must be an absolute http(s) URL: {u:?}"
            ));
        }
    }
    if c.rate_limit_per_minute == 0 {
        return Err("--rate-limit must be at least 1".into());
    }
    Ok(Command::Serve(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn flags_override_env() {
        let env = |k: &str| match k {
            "DIFANG_BIND" => Some("0.0.0.0:9000".to_owned()),
            "DIFANG_RATE_LIMIT" => Some("7".to_owned()),
            _ => None,
        };
        let Command::Serve(c) = parse(
            &args("serve --bind 127.0.0.1:1 --moderation --data-dir=/tmp/x"),
            env,
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(c.bind.to_string(), "127.0.0.1:1");
        assert_eq!(c.rate_limit_per_minute, 7);
        assert!(c.moderation);
        assert_eq!(c.data_dir, std::path::PathBuf::from("/tmp/x"));
        assert!(parse(&args("--bogus"), |_| None).is_err());
        assert!(parse(&args("--public-url javascript:x"), |_| None).is_err());
        assert_eq!(
            parse(&args(""), |_| None).unwrap(),
            Command::Serve(Config::default())
        );
    }

    #[test]
    fn generate_flags() {
        let Command::Generate(o) = parse(
            &args("generate --articles 5 --comments-per-thread 9 --out d --seed 3"),
            |_| None,
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!((o.articles, o.comments_per_thread, o.seed), (5, 9, 3));
    }
}
