"""The form: its pages and tabs, the statistics tables, the problems panel."""
