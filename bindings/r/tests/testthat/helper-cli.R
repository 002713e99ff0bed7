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
