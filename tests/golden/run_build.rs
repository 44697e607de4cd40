// Shared by tests/sh_golden.rs (native) and tests/wasm_node.rs (wasm): a build whose RUN
// steps use the shell, coreutils, sed, user management and apk must give the same image ID
// on both, the one recorded here.

/// The Dockerfile.
pub const DOCKERFILE: &str = "FROM alpine:3.20
WORKDIR /app
COPY greeting.txt .
RUN sed -i 's/hello/hello, layers/' greeting.txt && adduser -D -u 1000 app && chown app:app greeting.txt
RUN apk add --no-cache curl && for i in 1 2 3; do echo \"line $i\" >> /app/lines; done && rm -f /etc/motd
RUN --mount=type=cache,target=/root/.cache printf '%s\\n' \"$(id -un) $(date -u +%F)\" > /app/built-by
USER app
CMD [\"cat\", \"/app/greeting.txt\"]
";

/// The image ID natively and in wasm.
pub const IMAGE_ID: &str =
    "sha256:c92923af18de149e59a307215ef588264faae04c45a09c25314f89f14ffb7b64";

/// Builds it.
pub fn build() -> String {
    use layercake::build::{Build, BuildInputs, Cache, ContextFile, ImageStore};
    let mut files = std::collections::BTreeMap::new();
    files.insert(
        "greeting.txt".to_string(),
        ContextFile::new(&b"hello\n"[..]),
    );
    files.insert(
        "Dockerfile".to_string(),
        ContextFile::new(DOCKERFILE.as_bytes()),
    );
    let mut inputs = BuildInputs::new(DOCKERFILE, files);
    inputs.epoch = 1_714_564_800;
    let store = ImageStore::new();
    let (events, result) = Build::new(inputs, &store).run(&mut Cache::new());
    match result {
        Ok(image) => image.id.to_string(),
        Err(e) => panic!("build failed: {e} {events:?}"),
    }
}
