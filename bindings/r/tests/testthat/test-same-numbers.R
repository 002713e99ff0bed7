# Same numbers everywhere: the bundled response (example_generate_response, as `scripts/dev
# main` makes it) through tally from R and through the tool's --format json, every figure
# compared.

test_that("reach and plan of the bundled response are the tool's", {
  generator <- Sys.getenv("TALLY_GENERATOR")
  if (!nzchar(generator)) skip("TALLY_GENERATOR is not set: run through ctest")
  out <- file.path(tempdir(), "response")
  dir.create(out, showWarnings = FALSE)
  system2(generator, c("--out", shQuote(out)), stdout = FALSE, stderr = FALSE)
  activities <- file.path(out, "activities.csv")
  groupings <- list(
    c("country", "sector"), "platform", c("platform", "sector"), "region",
    c("country", "population_group")
  )
  for (by in groupings) {
    expect_same_rows(cli_rows("reach", "--by", paste(by, collapse = ","), activities),
                     tally::reach(activities, by = by))
  }
  expect_same_rows(
    cli_rows("reach", "--by", "platform", "--in-transit", "separate", activities),
    tally::reach(activities, by = "platform", in_transit = "separate"))
  frame <- utils::read.csv(activities, colClasses = "character", na.strings = character())
  expect_same_rows(cli_rows("reach", "--by", "platform,sector", activities),
                   tally::reach(frame, by = c("platform", "sector")))
  plan_file <- file.path(out, "plan.csv")
  expect_same_rows(cli_rows("plan", "--by", "country,sector", plan_file),
                   tally::plan(plan_file))
})
