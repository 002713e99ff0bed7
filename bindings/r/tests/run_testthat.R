# Runs one testthat file against the package installed in a library (as ctest does):
#   Rscript run_testthat.R LIB FILE
# Fails (status 1) when a test fails; skips are reported and do not fail.
args <- commandArgs(trailingOnly = TRUE)
library(testthat)
library(tally, lib.loc = args[1])
testthat::test_file(args[2], reporter = "check", load_package = "none")
