gulp.task("default")
