//! The example workspaces shipped with the playground, taken from the seed lessons: each is a
//! Dockerfile and its build-context files (`www/examples/<id>/`, embedded at compile time).

/// One example: a Dockerfile and its context files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// Stable identifier (the folder name).
    pub id: &'static str,
    /// Title shown in the picker.
    pub title: &'static str,
    /// What it teaches, one sentence.
    pub lesson: &'static str,
    /// The Dockerfile.
    pub dockerfile: &'static str,
    /// Context files: path relative to the context, content.
    pub files: &'static [(&'static str, &'static str)],
}

macro_rules! file {
    ($id:literal, $name:literal) => {
        (
            $name,
            include_str!(concat!("../www/examples/", $id, "/", $name)),
        )
    };
}

/// Every example, the default first.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "web-ping",
        title: "web-ping (diamol/node)",
        lesson: "Your first Dockerfile: FROM, ENV, WORKDIR, COPY, CMD — one layer per instruction.",
        dockerfile: include_str!("../www/examples/web-ping/Dockerfile"),
        files: &[file!("web-ping", "app.js")],
    },
    Example {
        id: "web-ping-optimized",
        title: "web-ping, reordered for the cache",
        lesson: "Put what changes least first: editing app.js now rebuilds only the last step.",
        dockerfile: include_str!("../www/examples/web-ping-optimized/Dockerfile"),
        files: &[file!("web-ping-optimized", "app.js")],
    },
    Example {
        id: "node-cache",
        title: "node: cache npm install with package*.json",
        lesson: "Copy package*.json and install before copying the code, so code edits reuse the npm layer.",
        dockerfile: include_str!("../www/examples/node-cache/Dockerfile"),
        files: &[
            file!("node-cache", ".dockerignore"),
            file!("node-cache", "index.js"),
            file!("node-cache", "package.json"),
        ],
    },
    Example {
        id: "nginx-site",
        title: "nginx static site with .dockerignore",
        lesson: "ADD . copies the build context; .dockerignore keeps files out of it.",
        dockerfile: include_str!("../www/examples/nginx-site/Dockerfile"),
        files: &[
            file!("nginx-site", ".dockerignore"),
            file!("nginx-site", "NOTES.md"),
            file!("nginx-site", "index.html"),
            file!("nginx-site", "style.css"),
        ],
    },
    Example {
        id: "static-web",
        title: "ubuntu static_web: apt-get and EXPOSE",
        lesson: "RUN installs packages in a layer; EXPOSE documents a port without publishing it.",
        dockerfile: include_str!("../www/examples/static-web/Dockerfile"),
        files: &[],
    },
    Example {
        id: "entrypoint-cmd",
        title: "ENTRYPOINT + CMD",
        lesson: "ENTRYPOINT is the program, CMD its default arguments: docker run image 10 sleeps 10.",
        dockerfile: include_str!("../www/examples/entrypoint-cmd/Dockerfile"),
        files: &[],
    },
    Example {
        id: "multi-stage",
        title: "multi-stage: build with node, serve with nginx",
        lesson: "COPY --from takes only the build output into a small final image.",
        dockerfile: include_str!("../www/examples/multi-stage/Dockerfile"),
        files: &[file!("multi-stage", "index.html"), file!("multi-stage", "package.json")],
    },
];

/// The example with this id.
pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}
