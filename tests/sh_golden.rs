//! A build with RUN steps gives the recorded image ID natively (the wasm suite checks the
//! same ID: the sandbox is a pure function of its inputs).

#[path = "golden/run_build.rs"]
mod run_build;

#[test]
fn run_steps_give_the_recorded_image_id() {
    assert_eq!(run_build::build(), run_build::IMAGE_ID);
}
