//! The `difang-server` binary: `serve` (default) or `generate`; see `cli::USAGE`.

use difang_server::cli::{self, Command, USAGE};
use std::process::ExitCode;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_target(false)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match cli::parse(&args, |k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("difang-server: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match command {
        Command::Help => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Command::Generate(opts) => match difang_server::generate::generate(&opts) {
            Ok(()) => {
                println!("wrote {} articles to {}", opts.articles, opts.out.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("difang-server generate: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Serve(config) => {
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
            runtime.block_on(serve(config))
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
