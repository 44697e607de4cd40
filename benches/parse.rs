//! Benchmark: Dockerfile parse throughput (BuildKit's line parser + typed lowering + checks)
//! on the concatenated BuildKit testfiles, a generated 10,000-instruction file and a
//! 1,000-heredoc file.

mod common;

use layercake::dockerfile;

/// BuildKit's positive testfiles, embedded (benchmarks read no files).
const TESTFILES: &[&str] = &[
    include_str!("../tests/data/parser/testfiles/ADD-COPY-with-JSON/Dockerfile"),
    include_str!("../tests/data/parser/testfiles/brimstone-consuldock/Dockerfile"),
    include_str!("../tests/data/parser/testfiles/brimstone-docker-consul/Dockerfile"),
    include_str!("../tests/data/parser/testfiles/continueIndent/Dockerfile"),
    include_str!("../tests/data/parser/testfiles/cpuguy83-nagios/Dockerfile"),
    include_str!("../tests/data/parser/testfiles/docker/Dockerfile"),
    include_str!("../tests/data/parser/testfiles/env/Dockerfile"),
    include_str!("../tests/data/parser/testfiles/escapes/Dockerfile"),
    include_str!("../tests/data/parser/testfiles/flags/Dockerfile"),
    include_str!("../tests/data/parser/testfiles/health/Dockerfile"),
    include_str!("../tests/data/parser/testfiles/influxdb/Dockerfile"),
    include_str!("../tests/data/parser/testfiles/json/Dockerfile"),
    include_str!("../tests/data/parser/testfiles/kartar-entrypoint-oddities/Dockerfile"),
    include_str!("../tests/data/parser/testfiles/lk4d4-the-edge-case-generator/Dockerfile"),
    include_str!("../tests/data/parser/testfiles/mail/Dockerfile"),
    include_str!("../tests/data/parser/testfiles/multiple-volumes/Dockerfile"),
    include_str!("../tests/data/parser/testfiles/mumble/Dockerfile"),
    include_str!("../tests/data/parser/testfiles/nginx/Dockerfile"),
    include_str!("../tests/data/parser/testfiles/tf2/Dockerfile"),
    include_str!("../tests/data/parser/testfiles/weechat/Dockerfile"),
    include_str!("../tests/data/parser/testfiles/znc/Dockerfile"),
];

fn generated(instructions: usize) -> String {
    let mut s = String::from("FROM alpine:3.20 AS base\n");
    for i in 0..instructions {
        match i % 5 {
            0 => s.push_str(&format!(
                "RUN apk add --no-cache pkg{i} && echo \"step {i}\" > /tmp/{i}\n"
            )),
            1 => s.push_str(&format!("ENV VAR{i}=\"value {i}\" OTHER{i}=x\n")),
            2 => s.push_str(&format!(
                "COPY --chown=1000:1000 src/{i}.txt /app/{i}.txt\n"
            )),
            3 => s.push_str(&format!("LABEL org.example.step{i}=\"{i}\"\n")),
            _ => s.push_str(&format!(
                "RUN set -eux; \\\n    mkdir -p /d{i}; \\\n    touch /d{i}/f\n"
            )),
        }
    }
    s
}

fn heredocs(n: usize) -> String {
    let mut s = String::from("FROM alpine\n");
    for i in 0..n {
        s.push_str(&format!(
            "RUN <<EOF{i}\necho line one {i}\necho line two\nEOF{i}\n"
        ));
    }
    s
}

fn measure(name: &str, src: &str, full: bool) {
    common::report_throughput(name, src.len(), || {
        if full {
            std::hint::black_box(dockerfile::parse(src).ok());
        } else {
            std::hint::black_box(dockerfile::parse_ast(src).ok());
        }
    });
}

fn main() {
    // Concatenate until the input is large enough to time well; drop the (often failing)
    // typed checks for the testfiles, which include deliberately odd instructions.
    let bytes: usize = TESTFILES.iter().map(|t| t.len()).sum();
    assert!(
        TESTFILES.iter().all(|t| dockerfile::parse_ast(t).is_ok()),
        "every testfile parses"
    );
    common::report_throughput("parse_ast, BuildKit testfiles (each file)", bytes, || {
        for t in TESTFILES {
            std::hint::black_box(dockerfile::parse_ast(t).ok());
        }
    });
    let big = generated(10_000);
    let docs = heredocs(1_000);
    assert!(
        dockerfile::parse(&big).is_ok() && dockerfile::parse_ast(&docs).is_ok(),
        "generated files parse"
    );
    measure("parse_ast, 10,000 instructions", &big, false);
    measure("parse (typed + checks), 10,000 instructions", &big, true);
    measure("parse_ast, 1,000 heredocs", &docs, false);
}
