"""How the report's text speaks of its tables: the phrases, the numbers read from sentences,
the text fields, and the standard sentences written from the tables (生成文字)."""
