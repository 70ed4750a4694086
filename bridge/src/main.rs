//! `bridge`: the PC/SC bridge daemon a shop runs on the till PC (README,
//! "Desktop contactless readers").

use bridge::config::{self, Config};
use bridge::pairing::{CODE_MINUTES, Pairing};
use bridge::readers::{self, Outlet};
use bridge::server::Bridge;
use std::path::PathBuf;
use std::process::ExitCode;
use tokio::sync::{broadcast, watch};

const HELP: &str = "bridge: desktop contactless readers (PC/SC) for the till's browser page

usage:
  bridge [run] [--config FILE]          watch the readers and serve the till on 127.0.0.1
  bridge pair [--config FILE]           print a new one-time pairing code (ten minutes)
  bridge unpair [--config FILE]         forget every paired browser
  bridge init --origin URL [--port N] [--config FILE]
                                        write a config file for the till at URL

The config file (default: ~/.config/card-bridge/bridge.toml, on Windows
%APPDATA%\\card-bridge\\bridge.toml) names the till's address (the only page
allowed to connect), the port (35910) and, if wanted, which readers to watch.
Paired browsers are kept next to it. Logs go to standard error (RUST_LOG=debug
for more).

Pairing: run `bridge pair`, then on the till open Till > Card readers, type the
port and the code under \"PC/SC bridge\" and press Pair.";

struct Args {
    command: String,
    config: PathBuf,
    origin: Option<String>,
    port: u16,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        command: "run".into(),
        config: config::default_path(),
        origin: None,
        port: config::DEFAULT_PORT,
    };
    let mut first = true;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--config" => parsed.config = PathBuf::from(value("--config")?),
            "--origin" => parsed.origin = Some(value("--origin")?),
            "--port" => {
                parsed.port = value("--port")?
                    .parse()
                    .map_err(|_| "--port takes a number from 1 to 65535".to_string())?
            }
            "-h" | "--help" | "help" => parsed.command = "help".into(),
            "run" | "pair" | "unpair" | "init" if first => parsed.command = arg,
            other => return Err(format!("unknown argument {other:?}")),
        }
        first = false;
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("bridge: {e}\n\n{HELP}");
            return ExitCode::from(2);
        }
    };
    let result = match args.command.as_str() {
        "help" => {
            println!("{HELP}");
            Ok(())
        }
        "init" => init(&args),
        "pair" => Config::load(&args.config).and_then(|c| print_code(&Pairing::new(&c.state_dir))),
        "unpair" => Config::load(&args.config).and_then(|c| {
            Pairing::new(&c.state_dir)
                .forget_all()
                .map_err(|e| format!("{e:?}"))
                .map(|()| println!("every paired browser is forgotten"))
        }),
        _ => Config::load(&args.config).and_then(run),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bridge: {e}");
            ExitCode::from(2)
        }
    }
}

fn init(args: &Args) -> Result<(), String> {
    let origin = args
        .origin
        .as_deref()
        .ok_or("init needs --origin, the till's address")?;
    let text = Config::template(origin, args.port)?;
    if args.config.exists() {
        return Err(format!(
            "{} exists already; edit it instead",
            args.config.display()
        ));
    }
    if let Some(dir) = args.config.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(&args.config, text).map_err(|e| format!("{}: {e}", args.config.display()))?;
    println!("wrote {}", args.config.display());
    Ok(())
}

fn print_code(pairing: &Pairing) -> Result<(), String> {
    let code = pairing.new_code().map_err(|e| format!("{e:?}"))?;
    println!(
        "pairing code: {code} (once, within {CODE_MINUTES} minutes: Till > Card readers > PC/SC bridge)"
    );
    Ok(())
}

fn run(config: Config) -> Result<(), String> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let address = std::net::SocketAddr::from(([127, 0, 0, 1], config.port));
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|e| format!("cannot listen on {address}: {e}"))?;
        let (events, _) = broadcast::channel(64);
        let (readers_tx, readers_rx) = watch::channel(Vec::new());
        let filter = config.clone();
        readers::spawn(
            move |name| filter.watches(name),
            Outlet {
                events: events.clone(),
                readers: readers_tx,
            },
        )
        .map_err(|e| format!("cannot start the reader thread: {e}"))?;
        tracing::info!(
            "listening on ws://{address} for {:?}",
            config.allowed_origins
        );
        let pairing = Pairing::new(&config.state_dir);
        if !pairing.has_paired() {
            print_code(&pairing)?;
        }
        Bridge::new(config, events, readers_rx)
            .serve(listener)
            .await;
        Ok(())
    })
}
