//! The binary: flags, the "running at" line, one log line per request, graceful exit on SIGTERM.

use crate::common::fixture;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

#[test]
fn serves_logs_and_stops_on_sigterm() {
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_difang-server"))
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--rate-limit",
            "3",
            "--moderation",
        ])
        .args(crate::common::store_args(data.path()))
        .arg("--dist-dir")
        .arg(fixture("dist"))
        .arg("--content-dir")
        .arg(fixture("content"))
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("Difang is running at ")
        .unwrap_or_else(|| panic!("{line:?}"))
        .to_owned();
    assert!(url.starts_with("http://127.0.0.1:") && url.ends_with('/'));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let status = rt.block_on(async {
        reqwest::get(format!("{url}api/v1/articles/1"))
            .await
            .unwrap()
            .status()
    });
    assert_eq!(status, 200);
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "graceful exit: {exit:?}");
    let mut log = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    assert!(
        log.contains("request{method=GET path=/api/v1/articles/1 client=127.0.0.1}: 200 "),
        "the access log's line: {log}"
    );
    assert!(log.contains("ms"), "{log}");
    assert!(
        !log.contains('\u{1b}'),
        "no colour codes when not a terminal"
    );
}

#[test]
fn bad_flags_exit_2_and_generate_writes_files() {
    let out = Command::new(env!("CARGO_BIN_EXE_difang-server"))
        .args(["serve", "--bogus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unexpected argument '--bogus'"), "{err}");
    let help = Command::new(env!("CARGO_BIN_EXE_difang-server"))
        .arg("--help")
        .output()
        .unwrap();
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--bind",
        "--trusted-proxies",
        "--log-level",
        "--header-timeout",
        "[env: DIFANG_BIND=",
        "generate",
    ] {
        assert!(text.contains(flag), "help lacks {flag}: {text}");
    }
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_difang-server"))
        .args([
            "generate",
            "--articles",
            "3",
            "--comments-per-thread",
            "2",
            "--seed",
            "5",
            "--out",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        dir.path().join("site.json").is_file()
            && dir.path().join("articles/chunk-0000.json").is_file()
    );
}
