# The program of docs/r.md ("People reached, targets and funding by platform"), run as a reader
# copies it, on the bundled response: its table's figures are the tool's.

docs_program <- function() {
  text <- readLines(file.path(source_dir(), "docs", "r.md"), encoding = "UTF-8")
  heading <- "## People reached, targets and funding by platform, with footnotes"
  at <- match(heading, text)
  if (is.na(at)) stop("docs/r.md has lost its section: ", heading)
  fences <- which(startsWith(text, "```"))
  fences <- fences[fences > at]
  if (length(fences) < 2 || text[fences[1]] != "```r") stop("the section has no r block")
  text[(fences[1] + 1):(fences[2] - 1)]
}

test_that("the platform table of docs/r.md is the tool's", {
  out <- bundled_response()
  program <- docs_program()
  line <- 'response <- "build/release/main/response"'
  expect_true(line %in% program)
  program[program == line] <- paste0("response <- ", deparse(out))
  scope <- new.env(parent = globalenv())
  printed <- utils::capture.output(eval(parse(text = program), scope))
  # print() wraps the table at the console's width: the column names head its blocks
  words <- unlist(strsplit(trimws(printed), " +"))
  for (column in c("platform", "reached", "target", "attainment", "funding_usd",
                   "requirements_usd", "coverage", "fn")) {
    expect_true(column %in% words, label = column)
  }
  table <- get("table", scope)

  reached <- cli_rows("reach", "--by", "platform", file.path(out, "activities.csv"))
  reached <- setNames(vapply(reached, function(r) as.numeric(r$reached), 0),
                      vapply(reached, function(r) r$platform, ""))
  target <- cli_rows("plan", "--by", "platform", file.path(out, "plan.csv"))
  target <- setNames(vapply(target, function(r) as.numeric(r$target), 0),
                     vapply(target, function(r) r$platform, ""))
  money <- cli_rows("funding", file.path(out, "flows.csv"), "--requirements",
                    file.path(out, "requirements.csv"), "--by", "country",
                    "--as-of", "2024-04-01")
  geo <- cli_rows("geography")
  platform_name <- list()
  country_parent <- list()
  for (g in geo) {
    if (g$level == "platform") platform_name[[g$code]] <- g$name
    if (g$level == "country") country_parent[[g$code]] <- g$parent
  }
  funded <- c()
  required <- c()
  for (r in money) {
    # aggregate() in the program leaves out a country without requirements
    if (is.null(r$requirements_usd) || is.null(r$funding_usd) ||
        is.null(country_parent[[r$country]])) next
    p <- platform_name[[country_parent[[r$country]]]]
    funded[p] <- sum(funded[p], as.numeric(r$funding_usd), na.rm = TRUE)
    required[p] <- sum(required[p], as.numeric(r$requirements_usd), na.rm = TRUE)
  }
  expected <- intersect(intersect(names(reached), names(target)), names(funded))
  expect_true(length(expected) > 0)
  expect_setequal(table$platform, expected)
  for (i in seq_len(nrow(table))) {
    p <- table$platform[i]
    expect_equal(as.numeric(table$reached[i]), reached[[p]], label = p)
    expect_equal(as.numeric(table$target[i]), target[[p]], label = p)
    expect_equal(table$attainment[i], round(reached[[p]] / target[[p]], 3), label = p)
    expect_equal(table$funding_usd[i], funded[[p]], label = p)
    expect_equal(table$requirements_usd[i], required[[p]], label = p)
    expect_equal(table$coverage[i], round(funded[[p]] / required[[p]], 3), label = p)
  }
  expect_true(any(startsWith(printed, "[1] ")))
  expect_match(printed[length(printed)], "activity rows rejected$")
})
