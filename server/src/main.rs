//! The `difang-server` binary: `serve` (default) or `generate`; `difang-server --help` lists the flags.

use difang_server::cli::{self, Command};
use std::process::ExitCode;

/// Faster small allocations than glibc's malloc for the many short-lived buffers of each request.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let command = match cli::parse(std::env::args_os()) {
        Ok(c) => c,
        // Help and version go to stdout with status 0, errors to stderr with status 2.
        Err(e) => e.exit(),
    };
    match command {
        Command::Generate(opts) => match difang_server::sources::generate::generate(&opts) {
            Ok(()) => {
                println!("wrote {} articles to {}", opts.articles, opts.out.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("difang-server generate: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Import { database, dir } => {
            one_shot(async move { difang_server::commands::import(&database, &dir).await })
        }
        Command::Token { database, action } => {
            one_shot(async move { difang_server::commands::token(&database, &action).await })
        }
        Command::User { database, action } => {
            one_shot(async move { difang_server::commands::user(&database, &action).await })
        }
        Command::Backup { database, file } => {
            one_shot(async move { difang_server::commands::backup(&database, &file).await })
        }
        Command::Serve { config, log_level } => {
            // Log lines go through a background writer: a slow or blocked stderr never stalls a request
            // (lines are dropped instead). The guard flushes what is queued when `main` returns.
            let (writer, _guard) = tracing_appender::non_blocking(std::io::stderr());
            tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::new(&log_level))
                .with_target(false)
                .with_writer(writer)
                .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
                .init();
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
            {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("difang-server: cannot start the runtime: {e}");
                    return ExitCode::FAILURE;
                }
            };
            runtime.block_on(serve(*config))
        }
    }
}

/// Runs a command to completion on a small runtime: its result on stdout, or its error on stderr with
/// status 1.
fn one_shot(task: impl std::future::Future<Output = Result<String, String>>) -> ExitCode {
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))
        .and_then(|rt| rt.block_on(task));
    match result {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("difang-server: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: difang_server::Config) -> ExitCode {
    let (addr, handle) = match difang_server::start(config).await {
        Ok(started) => started,
        Err(e) => {
            eprintln!("difang-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("Difang is running at http://{addr}/");
    // Scripts wait for this line; make sure it leaves the pipe buffer now.
    let _ = std::io::Write::flush(&mut std::io::stdout());
    shutdown_signal().await;
    tracing::info!("shutting down");
    match handle.shutdown().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("difang-server: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
