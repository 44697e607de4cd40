//! The playground's web entry point, built by Trunk with `--features web`.

fn main() {
    layercake::ui::start();
}
