"""Batch auditing of scraped articles (``healthlint audit``): streaming readers, a parallel and
resumable runner (local processes or Dask), cross-document duplication, summaries and an HTML report."""
