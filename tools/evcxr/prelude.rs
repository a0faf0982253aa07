// Run by evcxr once, when a kernel starts (EVCXR_CONFIG_DIR/prelude.rs). A panic prints one line:
// its message, and where it happened unless that is the cell itself. evcxr runs cells with
// RUST_BACKTRACE=1 whatever the kernel's environment, and a backtrace of evcxr's plumbing tells a
// learner nothing. With `:preserve_vars_on_panic 1` (init.evcxr) the kernel keeps its variables.
std::panic::set_hook(Box::new(|info| {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)");
    match info.location() {
        Some(at) if at.file() != "src/lib.rs" => eprintln!("panicked at {at}: {message}"),
        _ => eprintln!("panicked: {message}"),
    }
}));

// One variable, stored while the kernel starts, through `?`. evcxr's first type inference of a
// variable (its rust-analyzer loading the standard library's definitions) then happens before
// JupyterLab shows the kernel as ready, while the learner reads, instead of in the first cell they
// run. And evcxr compiles the first cell that uses `?` twice: as plain code, which fails, then with
// `?` allowed for the rest of the kernel's life; here that costs a fraction of a second, in a
// notebook's first `?` cell a second rustc run. (See docs/kernel-performance.md.)
let kernel_warm_up: i32 = "0".parse()?;
