# The tally tool and the fixtures of the repository, as ctest gives them (TALLY_CLI,
# TALLY_SOURCE_DIR, TALLY_GENERATOR); the tests that need them skip without.
source_dir <- function() {
  d <- Sys.getenv("TALLY_SOURCE_DIR")
  if (!nzchar(d)) skip("TALLY_SOURCE_DIR is not set: run through ctest")
  d
}
fixture <- function(...) file.path(source_dir(), "tests", "data", ...)

cli_rows <- function(...) {
  tool <- Sys.getenv("TALLY_CLI")
  if (!nzchar(tool)) skip("TALLY_CLI (the tally tool) is not set: run through ctest")
  if (!requireNamespace("jsonlite", quietly = TRUE)) skip("jsonlite is not installed")
  out <- system2(tool, c(shQuote(c(...)), "--format", "json"), stdout = TRUE, stderr = FALSE)
  j <- jsonlite::fromJSON(paste(out, collapse = "\n"), simplifyVector = FALSE)
  if (!is.null(j$rows)) j$rows else j
}

# Every row and column of the tool's JSON equals the data frame's; the frame has no other column.
expect_same_rows <- function(rows, df) {
  expect_equal(nrow(df), length(rows))
  for (i in seq_along(rows)) {
    row <- rows[[i]]
    expect_setequal(setdiff(names(row), "provenance"), names(df))
    for (name in names(df)) {
      expected <- row[[name]]
      value <- df[[name]][[i]]
      if (is.null(expected)) {
        expect_true(is.na(value), label = paste(name, i))
      } else if (is.character(expected)) {
        expect_identical(value, expected, label = paste(name, i))
      } else {
        expect_equal(as.numeric(value), as.numeric(expected), label = paste(name, i))
      }
    }
  }
}

# The bundled response (example_generate_response), made once per run: of
# TALLY_SAME_NUMBERS_ROWS activity lines when it is set, of the generator's default otherwise.
bundled_response <- function() {
  generator <- Sys.getenv("TALLY_GENERATOR")
  if (!nzchar(generator)) skip("TALLY_GENERATOR is not set: run through ctest")
  out <- file.path(tempdir(), "response")
  if (!file.exists(file.path(out, "activities.csv"))) {
    dir.create(out, showWarnings = FALSE)
    rows <- Sys.getenv("TALLY_SAME_NUMBERS_ROWS")
    args <- c("--out", shQuote(out), if (nzchar(rows)) c("--rows", rows))
    status <- system2(generator, args, stdout = FALSE, stderr = FALSE)
    if (!identical(as.integer(status), 0L)) stop("example_generate_response failed: ", status)
  }
  out
}
