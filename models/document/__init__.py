"""The document the .docx, the PDF and the web page all follow: its words, the 版式 and the
layout rules they share."""
