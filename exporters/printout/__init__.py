"""The printed page: our own page layout of the report and the one painter that draws it.

``layout`` turns the report into pages (a list of positioned text lines, rules and fills, in
points from the text block's top-left corner) on the .docx's line grid; ``paint`` draws those
pages on any paged device: the PDF writer, the printer and the print preview therefore show the
same pages by construction.  Qt (QtGui) is used for measuring and painting only.
"""
