//! The RUN sandbox under hostile input: deep nesting, endless loops, recursion, huge
//! output and huge scripts end with a result or a clear error — no panic, no stack overflow
//! (each test runs on a 1 MiB stack, about what a browser gives wasm), no hang.

use layercake::fs::{FsPath, Rootfs};
use layercake::sh::{self, parse};

fn small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(f)
        .expect("thread starts")
        .join()
        .expect("no panic")
}

/// Runs `script` on alpine; returns (status, stderr).
fn run(script: &'static str) -> (i32, String) {
    run_owned(script.to_string())
}

fn run_owned(script: String) -> (i32, String) {
    small_stack(move || {
        let base = layercake::catalog::resolve("alpine:3.20").expect("alpine");
        let mut fs = Rootfs::new(base.layers.clone());
        let env =
            vec!["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string()];
        let out = sh::run_script(&mut fs, &script, &env, FsPath::root());
        (out.status, out.stream(2))
    })
}

#[test]
fn deep_parenthesis_nesting_is_a_syntax_error() {
    for open in ["(", "{ ", "$(", "if true; then ", "\"$(", "$((", "${a:-"] {
        let script = open.repeat(100_000);
        let err = small_stack(move || parse::parse(&script).map(|_| ()).expect_err("too deep"));
        assert!(
            err.message.contains("nesting") || err.message.contains("Missing"),
            "{open}: {err}"
        );
    }
}

#[test]
fn nesting_within_the_limit_runs() {
    let script = "(".repeat(45) + "echo deep" + &")".repeat(45);
    let (status, err) = run_owned(script);
    assert_eq!(status, 0, "{err}");
}

#[test]
fn endless_loops_stop_on_the_step_budget() {
    for script in [
        "while true; do :; done",
        "while :; do x=1; done",
        "until false; do echo -n; done",
        "for i in 1; do while true; do continue; done; done",
    ] {
        let (status, err) = run(script);
        assert_eq!(status, 2, "{script}");
        assert!(err.contains("step budget exceeded"), "{script}: {err}");
    }
}

#[test]
fn runaway_recursion_stops_on_the_depth_budget() {
    for script in [
        "f() { f; }; f",
        "f() { ( f ); }; f",
        "f() { echo $(f); }; f",
        "f() { f | f; }; f",
    ] {
        let (status, err) = run(script);
        assert_eq!(status, 2, "{script}");
        assert!(err.contains("budget exceeded"), "{script}: {err}");
    }
}

#[test]
fn exploding_globs_stop_on_the_step_budget() {
    // `.*` matches `.` and `..`, so each component multiplies the paths (a fuzzer found it).
    let (status, err) = run("echo .*/.*/*/.*/.*/*/.*/.*/*/.*/.*/*/.*/.*/*/.*/ > /dev/null");
    assert_eq!(status, 2);
    assert!(err.contains("step budget exceeded"), "{err}");
}

#[test]
fn reading_everything_stops_on_the_read_budget() {
    // Synthetic base-image files are generated when read: `cat` of every library over and
    // over must stop (a fuzzer's `wc ../*/*` found the cost).
    let (status, err) = small_stack(|| {
        let base = layercake::catalog::resolve("alpine:3.20").expect("alpine");
        let mut fs = Rootfs::new(base.layers.clone());
        let argv = [
            "/bin/sh",
            "-c",
            "while :; do cat /lib/* /usr/lib/* > /dev/null 2>&1; done",
        ]
        .map(String::from);
        let env = ["PATH=/usr/bin:/bin".to_string()];
        let limits = sh::budget::Limits {
            read: 64 << 20,
            ..Default::default()
        };
        let out = sh::run(
            &mut fs,
            &sh::RunRequest {
                argv: &argv,
                env: &env,
                workdir: FsPath::root(),
                owner: (0, 0),
                now: 0,
                limits,
            },
        );
        (out.status, out.stream(2))
    });
    assert_eq!(status, 2);
    assert!(err.contains("read budget exceeded"), "{err}");
}

#[test]
fn huge_output_stops_on_the_output_budget() {
    let (status, err) = run("while true; do echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; done");
    assert_eq!(status, 2);
    assert!(err.contains("budget exceeded"), "{err}");
}

#[test]
fn deep_arithmetic_is_an_error() {
    for inner in [
        "(".repeat(5000) + "1" + &")".repeat(5000),
        "-".repeat(10_000) + "1",
        "!".repeat(10_000) + "1",
        "1?".repeat(5000) + "1" + &":1".repeat(5000),
    ] {
        let (status, err) = run_owned(format!("echo $(( {inner} ))"));
        assert_eq!(status, 2, "{err}");
        assert!(err.contains("arithmetic expression"), "{err}");
    }
}

#[test]
fn a_large_script_runs() {
    let script = "x=1\n".repeat(50_000) + "echo done";
    let (status, err) = run_owned(script);
    assert_eq!(status, 0, "{err}");
}

#[test]
fn hostile_words_give_errors_not_panics() {
    for script in [
        "echo ${",
        "echo ${a",
        "echo ${#}",
        "echo ${a:b:c:d}",
        "echo $((",
        "echo $((1 +))",
        "echo $((a=))",
        "echo $(( 1 ? ))",
        "echo ${a/[/x}",
        "echo ${a#[}",
        "case x in [) ;; esac",
        "echo ${a:99999999999999999999}",
        "echo $((1<<99)) $((-9223372036854775807-1 / -1))",
        "echo $((9223372036854775807 * 2)) $((2**63))",
        "cat <<",
        "cat <<E\nno end",
        "f() echo",
        "! ! !",
        "| x",
        "&& x",
        "x ||",
        "echo `echo \\`",
        "a=$(( $(echo 1) + 1 ))",
        "exit 999999999999",
        "shift -1",
        "break 0",
        "read -r",
        "set -o nosuch",
        "[ 1 -eq x ]",
        "echo \u{0}\u{1}\u{ffff}",
        "$(()",
        "${x:-$(",
        "IFS=; set -- a b; echo \"$*\"",
    ] {
        let _ = run_owned(script.to_string());
        let _ = parse::parse(script);
    }
}
