# tally from R on the fixtures of tests/data: the figures of the tool, from paths and from data
# frames; errors as conditions of class tally_error with tally's code.

test_that("reach gives the rows of tally reach --format json", {
  ecuador <- fixture("reach", "ecuador_5w.csv")
  cases <- list(
    list(list(), character()),
    list(list(by = "country"), c("--by", "country")),
    list(list(by = "platform", in_transit = "separate"),
         c("--by", "platform", "--in-transit", "separate")),
    list(list(by = c("region", "month"), in_transit = "include", intersector = "max-sector"),
         c("--by", "region,month", "--in-transit", "include", "--intersector", "max-sector")),
    list(list(by = c("admin1", "population_group"), within_sector = "max-indicator"),
         c("--by", "admin1,population_group", "--within-sector", "max-indicator"))
  )
  for (case in cases) {
    df <- do.call(tally::reach, c(list(ecuador), case[[1]]))
    expect_same_rows(do.call(cli_rows, as.list(c("reach", case[[2]], ecuador))), df)
    expect_equal(attr(df, "rows_read"), 10)
  }
})

test_that("reach keeps footnotes and rejected rows as attributes", {
  df <- tally::reach(fixture("reach", "ecuador_5w.csv"))
  expect_s3_class(df, "data.frame")
  rejected <- attr(df, "rejected")
  expect_equal(rejected$line, 10)
  expect_match(rejected$reason, "add up to 20")
  footnotes <- attr(df, "footnotes")
  expect_setequal(unique(df$note), footnotes$note)
  expect_equal(footnotes$number, seq_len(nrow(footnotes)))
})

test_that("reach reads a data frame as the file it was read from", {
  ecuador <- fixture("reach", "ecuador_5w.csv")
  frame <- utils::read.csv(ecuador, stringsAsFactors = TRUE)
  df <- tally::reach(frame, by = c("country", "admin1"))
  expect_same_rows(cli_rows("reach", "--by", "country,admin1", ecuador), df)
  expect_equal(attr(df, "rejected")$file, "<data frame 1>")
  both <- tally::reach(list(frame, ecuador), by = "country")
  one <- tally::reach(ecuador, by = "country")
  expect_equal(both$reached_upper, 2 * one$reached_upper)
})

test_that("plan, check and geography give what the tool gives", {
  plan_file <- fixture("plan", "plan.csv")
  for (by in c("country,sector", "country", "platform,population_group")) {
    expect_same_rows(cli_rows("plan", "--by", by, plan_file),
                     tally::plan(plan_file, by = strsplit(by, ",")[[1]]))
  }
  files <- c(fixture("reach", "ecuador_5w.csv"), plan_file, fixture("metrics", "flows.csv"))
  checked <- tally::check(files)
  expect_equal(checked$rows_read, c(10, 8, 9))
  expect_equal(checked$rows_rejected, c(1, 0, 0))
  expect_equal(sum(attr(checked, "problems")$what == "rejected"), 1)
  g <- tally::geography()
  expect_equal(sum(g$level == "country"), 17)
})

test_that("errors are tally_error conditions with the code and the call", {
  ecuador <- fixture("reach", "ecuador_5w.csv")
  e <- tryCatch(tally::reach(ecuador, by = "planet"), tally_error = function(e) e)
  expect_s3_class(e, "tally_error")
  expect_s3_class(e, "tally_usage")
  expect_equal(e$code, 107)
  expect_match(deparse(conditionCall(e)), "reach")
  e <- tryCatch(tally::reach("/nonexistent/5w.csv"), tally_error = function(e) e)
  expect_equal(e$code, 100)
  expect_equal(e$file, "/nonexistent/5w.csv")
  expect_match(conditionMessage(e), "^\\[tally.io.100\\] /nonexistent/5w.csv")
  expect_error(tally::reach(fixture("plan", "plan.csv")), class = "tally_parse")
  expect_error(tally::reach(ecuador, strict = TRUE), class = "tally_validation")
  df <- tally::reach(c("/nonexistent/5w.csv", ecuador), keep_going = TRUE)
  expect_length(attr(df, "not_read"), 1)
})
