# tally for R: the figures of the tally tool as data frames, by the same C++ code (the facade,
# tally/facade.hpp). See docs/r.md.

.as_frame <- function(columns) {
  df <- as.data.frame(columns, stringsAsFactors = FALSE, optional = TRUE)
  names(df) <- names(columns)
  df
}

.tibble_if_installed <- function(df) {
  if (!requireNamespace("tibble", quietly = TRUE)) {
    return(df)
  }
  extra <- attributes(df)[c("footnotes", "rejected", "notices", "not_read",
                            "rows_read", "rows_used", "problems", "summary",
                            "totals")]
  out <- tibble::as_tibble(df)
  for (name in names(extra)) {
    if (!is.null(extra[[name]])) attr(out, name) <- extra[[name]]
  }
  out
}

.tally_condition <- function(e, call) {
  structure(
    class = c(paste0("tally_", e$name), "tally_error", "error", "condition"),
    list(message = e$message, call = call, code = e$code, name = e$name,
         file = e$file, line = e$line)
  )
}

.checked <- function(r, call) {
  if (!is.null(r$error)) stop(.tally_condition(r$error, call))
  r
}

.inputs <- function(x) {
  if (is.character(x)) return(as.list(path.expand(x)))
  if (is.data.frame(x)) return(list(.frame_in(x)))
  if (is.list(x)) {
    return(lapply(x, function(i) if (is.character(i)) path.expand(i) else .frame_in(i)))
  }
  stop("inputs are file paths, data frames or a list of them", call. = FALSE)
}

.frame_in <- function(df) {
  cols <- lapply(as.list(df), function(col) {
    if (is.factor(col) || inherits(col, c("Date", "POSIXt"))) as.character(col) else col
  })
  names(cols) <- names(df)
  cols
}

.opt <- function(x) {
  if (is.null(x)) return("")
  if (!is.null(names(x)) && length(x) > 0) return(paste0(names(x), "=", x, collapse = ","))
  paste(as.character(x), collapse = ",")
}

.result <- function(r) {
  df <- .as_frame(r$rows)
  attr(df, "footnotes") <- .as_frame(r$footnotes)
  attr(df, "rejected") <- .as_frame(r$rejected)
  attr(df, "notices") <- .as_frame(r$notices)
  attr(df, "not_read") <- r$not_read
  attr(df, "rows_read") <- r$rows_read
  attr(df, "rows_used") <- r$rows_used
  .tibble_if_installed(df)
}

#' People reached from 5W activities, de-duplicated by the R4V rules (`tally reach`).
reach <- function(activities, by = c("country", "sector"), within_sector = "sum",
                  intersector = "max-group", country_model = NULL, in_transit = "exclude",
                  geography = NULL, columns = NULL, indicator_types = NULL, sector = NULL,
                  strict = FALSE, keep_going = FALSE) {
  call <- sys.call()
  options <- list(by = .opt(by), within_sector = within_sector, intersector = intersector,
                  country_model = .opt(country_model), in_transit = in_transit,
                  geography = .opt(geography), columns = .opt(columns),
                  indicator_types = .opt(indicator_types), sector = .opt(sector),
                  strict = isTRUE(strict),
                  keep_going = isTRUE(keep_going))
  .result(.checked(.Call(tally_reach, .inputs(activities), options), call))
}

#' People in need and targets from plan files and needs tables (`tally plan`).
plan <- function(files, by = c("country", "sector"), in_transit = "exclude", geography = NULL,
                 country = NULL, columns = NULL, breakdowns = FALSE, sector = NULL,
                 strict = FALSE, keep_going = FALSE) {
  call <- sys.call()
  options <- list(by = .opt(by), in_transit = in_transit, geography = .opt(geography),
                  country = .opt(country), columns = .opt(columns),
                  breakdowns = isTRUE(breakdowns), sector = .opt(sector),
                  strict = isTRUE(strict),
                  keep_going = isTRUE(keep_going))
  .result(.checked(.Call(tally_plan, .inputs(files), options), call))
}

.join_inputs <- function(activities, plan, funding, requirements) {
  each <- function(x) if (is.null(x)) list() else .inputs(x)
  list(activities = each(activities), plan = each(plan), funding = each(funding),
       requirements = each(requirements))
}

.join_options <- function(geography, as_of, year, plan_code, columns, keep_going) {
  map <- function(name) .opt(columns[[name]])
  list(geography = .opt(geography), as_of = .opt(as_of), year = .opt(year),
       plan_code = .opt(plan_code), activities_columns = map("activities"),
       plan_columns = map("plan"), funding_columns = map("funding"),
       requirements_columns = map("requirements"), keep_going = isTRUE(keep_going))
}

#' Funding against people reached per cell (`tally misalign`), with the summary as an attribute.
misalign <- function(activities = NULL, plan = NULL, funding = NULL, requirements = NULL,
                     by = c("country", "sector"), sector = NULL, threshold = 3.5, as_of = NULL,
                     in_transit = "exclude", geography = NULL, year = NULL, plan_code = NULL,
                     columns = NULL, strict = FALSE, keep_going = FALSE) {
  call <- sys.call()
  options <- c(.join_options(geography, as_of, year, plan_code, columns, keep_going),
               list(by = .opt(by), sector = .opt(sector), threshold = as.numeric(threshold),
                    in_transit = in_transit, strict = isTRUE(strict)))
  r <- .checked(.Call(tally_misalign, .join_inputs(activities, plan, funding, requirements),
                      options), call)
  df <- .result(r)
  attr(df, "summary") <- .as_frame(r$summary)
  df
}

#' Funding, pledges, requirements and coverage (`tally funding`), with the flows' boundary
#' totals as an attribute.
funding <- function(files, requirements = NULL, plan = NULL, by = NULL, allocate = "none",
                    as_of = NULL, sector = NULL, year = NULL, plan_code = NULL, columns = NULL,
                    requirements_columns = NULL, strict = FALSE, keep_going = FALSE) {
  call <- sys.call()
  each <- function(x) if (is.null(x)) list() else .inputs(x)
  inputs <- list(files = .inputs(files), requirements = each(requirements), plan = each(plan))
  options <- list(by = .opt(by), allocate = allocate, as_of = .opt(as_of),
                  sector = .opt(sector), year = .opt(year), plan_code = .opt(plan_code),
                  columns = .opt(columns), requirements_columns = .opt(requirements_columns),
                  strict = isTRUE(strict), keep_going = isTRUE(keep_going))
  r <- .checked(.Call(tally_funding, inputs, options), call)
  df <- .result(r)
  attr(df, "totals") <- .as_frame(r$totals)
  df
}

#' The end-year report (`tally report`) as a character string; written to output when given.
report <- function(activities = NULL, plan = NULL, funding = NULL, requirements = NULL,
                   format = "html", sector = NULL, title = NULL, as_of = NULL,
                   geography = NULL, year = NULL, plan_code = NULL, columns = NULL,
                   output = NULL, strict = FALSE, keep_going = FALSE) {
  call <- sys.call()
  options <- c(.join_options(geography, as_of, year, plan_code, columns, keep_going),
               list(format = format, sector = .opt(sector), title = .opt(title),
                    output = .opt(output), strict = isTRUE(strict)))
  r <- .checked(.Call(tally_report, .join_inputs(activities, plan, funding, requirements),
                      options), call)
  r$text
}

#' The validation report (`tally check`): one row per input; its problems as an attribute.
check <- function(files, geography = NULL, columns = NULL, indicator_types = NULL,
                  keep_going = TRUE) {
  call <- sys.call()
  options <- list(geography = .opt(geography), columns = .opt(columns),
                  indicator_types = .opt(indicator_types), keep_going = isTRUE(keep_going))
  r <- .checked(.Call(tally_check, .inputs(files), options), call)
  df <- .as_frame(r$files)
  attr(df, "problems") <- .as_frame(r$problems)
  attr(df, "not_read") <- r$not_read
  .tibble_if_installed(df)
}

#' The places of the geography (`tally geography`): the R4V preset, or a CSV file's.
geography <- function(file = NULL) {
  r <- .checked(.Call(tally_geography, .opt(file)), sys.call())
  .tibble_if_installed(.as_frame(r$rows))
}
