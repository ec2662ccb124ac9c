"""Editorial views over a folder's articles: the status board, the schedule, saved views."""
