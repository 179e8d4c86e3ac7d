"""PDF: ``writer`` paints the report (PDF, print, preview; Qt), ``reader`` reads a published
report's text-based PDF back (no Qt).  Nothing is imported here, so reading a PDF never loads Qt
and writing one never loads the PDF parser."""
