# Same numbers everywhere: the bundled response (example_generate_response, as `scripts/dev
# main` makes it) through tally from R and through the tool's --format json, every figure
# compared. TALLY_SAME_NUMBERS_ROWS=N compares a response of N activity lines instead
# (docs/r.md: run once on 1,000,000).

test_that("reach and plan of the bundled response are the tool's", {
  out <- bundled_response()
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
  for (sector in c("Health", "PRO")) {
    expect_same_rows(cli_rows("reach", "--by", "platform", "--sector", sector, activities),
                     tally::reach(activities, by = "platform", sector = sector))
    expect_same_rows(cli_rows("plan", "--by", "country", "--sector", sector, plan_file),
                     tally::plan(plan_file, by = "country", sector = sector))
  }
})

test_that("misalign and report of the bundled response are the tool's", {
  out <- bundled_response()
  files <- file.path(out, c("activities.csv", "plan.csv", "flows.csv", "requirements.csv"))
  args <- c("--activities", files[1], "--plan", files[2], "--funding", files[3],
            "--requirements", files[4], "--as-of", "2024-04-01")
  for (by in list(c("country", "sector"), "platform", c("region", "sector"))) {
    j <- cli_rows("misalign", args, "--by", paste(by, collapse = ","))
    df <- tally::misalign(files[1], files[2], files[3], files[4], by = by, as_of = "2024-04-01")
    expect_same_rows(j$cells, df)
    expect_same_rows(list(j$summary), attr(df, "summary"))
  }
  for (format in c("json", "text", "html")) {
    tool <- system2(Sys.getenv("TALLY_CLI"), c("report", shQuote(args), "--format", format),
                    stdout = TRUE, stderr = FALSE)
    text <- tally::report(files[1], files[2], files[3], files[4], format = format,
                          as_of = "2024-04-01")
    expect_identical(sub("\n+$", "", text), paste(tool, collapse = "\n"))
  }
})

test_that("funding of the bundled response, with requirements, is the tool's", {
  out <- bundled_response()
  flows <- file.path(out, "flows.csv")
  requirements <- file.path(out, "requirements.csv")
  for (by in list(c("country", "sector"), "country", "plan", c("organisation", "year"))) {
    rows <- cli_rows("funding", flows, "--requirements", requirements, "--by",
                     paste(by, collapse = ","))
    df <- tally::funding(flows, requirements = requirements, by = by)
    # requirements are per country, sector, year and plan: none by organisation
    expect_identical("coverage" %in% names(df), !("organisation" %in% by))
    expect_same_rows(rows, df)
  }
  args <- c(flows, "--requirements", requirements, "--by", "country,sector", "--allocate",
            "requirements", "--as-of", "2024-04-01")
  df <- tally::funding(flows, requirements = requirements, by = c("country", "sector"),
                       allocate = "requirements", as_of = "2024-04-01")
  expect_same_rows(cli_rows("funding", args), df)
  tool <- system2(Sys.getenv("TALLY_CLI"), c("funding", shQuote(args), "--format", "json"),
                  stdout = TRUE, stderr = FALSE)
  j <- jsonlite::fromJSON(paste(tool, collapse = "\n"), simplifyVector = FALSE)
  totals <- attr(df, "totals")
  expect_equal(nrow(totals), 1)
  for (name in names(totals)) {
    expect_equal(totals[[name]], as.numeric(j[[name]]), label = name)
  }
  expect_identical(attr(df, "footnotes")$note, j$provenance)
})
