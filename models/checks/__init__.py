"""The findings and every rule that makes them: the tables' arithmetic, a file's blank cells,
wording, the text against the tables, dates, years; and what refuses a final export."""
