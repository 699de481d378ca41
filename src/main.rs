fn main() {
    // A bug must not greet the user with a raw backtrace: print one line and
    // point at the log. (The TUI restores the terminal before this runs.)
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "unknown".into());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("internal error: {msg}{at}. This is a bug in pushbench; please report it.");
    }));
    std::process::exit(pushbench::cli::main());
}
