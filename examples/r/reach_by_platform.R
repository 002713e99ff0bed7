# People reached against targets by platform, as the end-year report draws them.
#
#   Rscript examples/r/reach_by_platform.R RESPONSE_DIR [OUT.png]
#
# RESPONSE_DIR holds activities.csv and plan.csv (scripts/dev main writes them to
# build/release/main/response/). Prints the table and its footnotes; draws the chart when
# ggplot2 is installed (r-cran-ggplot2), and says so otherwise.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1) stop("usage: reach_by_platform.R RESPONSE_DIR [OUT.png]")
out <- if (length(args) > 1) args[2] else "reach_by_platform.png"
library(tally)
reached <- reach(file.path(args[1], "activities.csv"), by = "platform")
targets <- plan(file.path(args[1], "plan.csv"), by = "platform")
table <- merge(as.data.frame(reached), as.data.frame(targets)[, c("platform", "target")],
               by = "platform")
table$attainment <- round(table$reached / table$target, 3)
print(table[, c("platform", "reached", "target", "attainment")], row.names = FALSE)
fn <- attr(reached, "footnotes")
cat(sprintf("[%d] %s\n", fn$number, fn$note), sep = "")
if (!requireNamespace("ggplot2", quietly = TRUE)) {
  message("ggplot2 is not installed (r-cran-ggplot2): no chart drawn")
} else {
  long <- rbind(data.frame(platform = table$platform, people = table$reached, what = "reached"),
                data.frame(platform = table$platform, people = table$target, what = "target"))
  chart <- ggplot2::ggplot(long, ggplot2::aes(x = people, y = platform, fill = what)) +
    ggplot2::geom_col(position = "dodge") +
    ggplot2::labs(x = "people (in transit left out)", y = NULL,
                  title = "People reached and targets by platform")
  ggplot2::ggsave(out, chart, width = 8, height = 5)
  cat("chart written:", out, "\n")
}
