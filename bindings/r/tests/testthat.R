library(testthat)
library(tally)
test_check("tally")
