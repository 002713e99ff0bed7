# Runs one testthat file against the package installed in a library (as ctest does):
#   Rscript run_testthat.R LIB FILE
# Fails (status 1) when an expectation fails or a test stops with an error; skips are reported
# and do not fail.
args <- commandArgs(trailingOnly = TRUE)
library(testthat)
library(tally, lib.loc = args[1])
results <- as.data.frame(testthat::test_file(args[2], reporter = "check", load_package = "none"))
if (nrow(results) == 0 || any(results$failed > 0) || any(results$error)) {
  message("run_testthat.R: ", sum(results$failed), " failed expectation(s), ",
          sum(results$error), " test(s) stopped with an error in ", basename(args[2]))
  quit(status = 1)
}
